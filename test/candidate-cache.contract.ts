/**
 * The contract both cache tiers keep (test/candidate-cache-*.test.ts): the
 * in-process LRU and Redis store and return a name's places alike.
 */
import { randomUUID } from 'node:crypto';
import type { CandidateCache } from '../server/places/candidate-cache.js';
import type { Place } from '../server/places/place.js';

const cologne: Place = {
  id: 2886242,
  name: 'Köln',
  asciiName: 'Koln',
  country: 'DE',
  admin1: '07',
  population: 963395,
  lat: 50.93333,
  lon: 6.95,
  capital: false,
};
const berlin: Place = {
  ...cologne,
  id: 2950159,
  name: 'Berlin',
  asciiName: 'Berlin',
  capital: true,
  admin1: '16',
};

/** `open(dataVersion)` gives a cache over empty storage for that data version. */
export function describeCandidateCacheContract(
  describeFn: jest.Describe,
  tier: string,
  open: (dataVersion: string) => Promise<CandidateCache>,
): void {
  describeFn(`CandidateCache contract on ${tier}`, () => {
    let cache: CandidateCache;
    beforeEach(async () => {
      cache = await open(`contract-${randomUUID()}`);
    });

    test('an unknown key is not cached', async () => {
      expect(await cache.get('nowhere')).toBeUndefined();
    });

    test('returns the places stored under a key, in their order', async () => {
      await cache.set('koln', [cologne, berlin]);
      expect(await cache.get('koln')).toEqual([cologne, berlin]);
    });

    test('keeps a known miss apart from an unknown key', async () => {
      await cache.set('asdfgh', []);
      expect(await cache.get('asdfgh')).toEqual([]);
    });

    test('a later set replaces the entry', async () => {
      await cache.set('berlin', [cologne]);
      await cache.set('berlin', [berlin]);
      expect(await cache.get('berlin')).toEqual([berlin]);
    });

    test('keys in any script, with spaces, colons and braces, stay apart', async () => {
      const keys = ['кельн', '東京', 'saint gallen', 'a:b', '{x}', 'constructor'];
      for (const [i, key] of keys.entries()) await cache.set(key, [{ ...cologne, id: i }]);
      for (const [i, key] of keys.entries()) expect((await cache.get(key))?.[0]?.id).toBe(i);
    });

    test('entries of another data version are not seen', async () => {
      await cache.set('koln', [cologne]);
      const other = await open(`contract-${randomUUID()}`);
      expect(await other.get('koln')).toBeUndefined();
    });
  });
}
