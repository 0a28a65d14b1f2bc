/** GET /api/scope-names: every other name of each country scope, once, cached by browsers for a day. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { foldScopeName, type ScopeNames } from '../protocol/scope-names.js';
import { createScopeNamesRouter, otherScopeNames, type NamedScope } from '../server/scope-names.js';

const SCOPES: NamedScope[] = [
  { id: 'world', name: 'World', kind: 'world' },
  { id: 'europe', name: 'Europe', kind: 'continent' },
  { id: 'DE', name: 'Germany', kind: 'country' },
  { id: 'NL', name: 'Netherlands', kind: 'country' },
  { id: 'US', name: 'United States', kind: 'country' },
  { id: 'JP', name: 'Japan', kind: 'country' },
];

describe('otherScopeNames', () => {
  const names = otherScopeNames(SCOPES);

  test('countries only', () => {
    expect(Object.keys(names).sort()).toEqual(['DE', 'JP', 'NL', 'US']);
  });

  test('native names, English aliases and names in other languages', () => {
    expect(names.DE).toEqual(expect.arrayContaining(['Deutschland', 'Allemagne']));
    expect(names.DE![0]).toBe('Deutschland');
    expect(names.NL).toEqual(expect.arrayContaining(['Nederland', 'Holland']));
    expect(names.US).toEqual(expect.arrayContaining(['USA', 'Estados Unidos']));
    expect(names.JP).toContain('日本');
  });

  test('one spelling per folded form, and never the English name', () => {
    for (const [id, list] of Object.entries(names)) {
      const folded = list.map(foldScopeName);
      expect(new Set(folded).size).toBe(folded.length);
      const english = SCOPES.find((s) => s.id === id)!.name;
      expect(folded).not.toContain(foldScopeName(english));
      expect(folded).not.toContain('');
    }
  });
});

describe('GET /api/scope-names', () => {
  let server: Server;
  let url: string;
  let scopes: readonly NamedScope[] | undefined;
  let asked = 0;

  beforeAll(async () => {
    const app = express();
    app.use(
      createScopeNamesRouter(() => {
        asked++;
        return scopes;
      }),
    );
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/scope-names`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('503 starting until the scopes are known', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'starting' });
  });

  test('the names as JSON, cacheable for a day, computed once', async () => {
    scopes = SCOPES;
    asked = 0;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const body = (await response.json()) as ScopeNames;
    expect(body).toEqual(otherScopeNames(SCOPES));
    const again = await fetch(url);
    expect(await again.json()).toEqual(body);
    expect(asked).toBe(1);
  });
});
