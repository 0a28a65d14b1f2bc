/**
 * What the fuzz suites send: payloads no event accepts (wrong types, extra
 * fields, values out of range) and the texts attackers put into fields that
 * are otherwise well formed (SQL, path traversal, markup, control, bidi and
 * invisible characters). Seeded: the same seed sends the same run.
 */
import type { CLIENT_EVENTS } from '../../protocol/events.js';
import { CLIENT_PAYLOADS } from '../../protocol/schemas.js';

export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/** Below socket.io's cap (32 KB), which closes the connection instead; tested on its own. */
export const MAX_FUZZ_BYTES = 30_000;

/** Texts an attacker types into a nickname, a guess, a room code or a scope. */
export const HOSTILE_TEXTS: readonly string[] = [
  // SQL
  "'; DROP TABLE games; --",
  "Paris' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  "Berlin'); DELETE FROM places; --",
  '$$; COPY places TO PROGRAM $$id$$',
  // Path traversal
  '../../../../etc/passwd',
  '..%2f..%2f..%2fpackage.json',
  '..\\..\\windows\\win.ini',
  '/r/../admin',
  // Markup and script
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  // NUL and other controls
  'Ber\u0000lin',
  '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f',
  '\u001b[2J\u001b[31mred\u007f\u0085',
  // Bidi and invisible characters
  '\u202eniltreB',
  '\u2066Köln\u2069\u200f',
  'Mün\u200bchen\u200d\ufeff',
  '\u00adHam\u00adburg\u2060',
  '\u3164\u3164\u3164',
  'Paris\ufe0f\ufe0f\ufe0f',
  '\ud800lone\udfffsurrogates',
  '\u{e0041}\u{e0042}tags',
  // Lookalikes and odd scripts
  'Веrlin',
  'ᴮᴱᴿᴸᴵᴺ',
  '𝐏𝐚𝐫𝐢𝐬',
  'ﷺ'.repeat(12),
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358a\u0300\u0301\u0302\u0303\u0304lgo',
];

/** Keys that, parsed into an object, would pollute prototypes if copied naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/**
 * Taken once: in Jest's vm context every read of the global `Math` is a slow
 * look-up through the context (DEVELOPERS.md), and the soak's strings call
 * this tens of millions of times, a character each. The same numbers either way.
 */
const floor = Math.floor;

export function hostileGenerators(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[floor(random() * items.length)]!;

  function randomString(max: number): string {
    const alphabet = ['a', 'Z', ' ', '\u0000', 'é', 'ß', '東', '😀', '"', '\\', '<', '\u202e', '%'];
    let text = '';
    const length = floor(random() ** 3 * max);
    for (let i = 0; i < length; i++) text += pick(alphabet);
    return text;
  }

  function randomValue(depth: number): unknown {
    const kinds = ['null', 'number', 'bool', 'string', 'hugeString', 'array', 'object'] as const;
    switch (pick(depth > 2 ? kinds.slice(0, 4) : kinds)) {
      case 'null':
        return null;
      case 'number':
        return pick([0, -1, 1e308, -0, 3.14, 2 ** 53, 60, 7201]);
      case 'bool':
        return random() < 0.5;
      case 'string':
        return randomString(40);
      case 'hugeString':
        return randomString(20_000);
      case 'array':
        return Array.from({ length: floor(random() * 4) }, () => randomValue(depth + 1));
      case 'object': {
        const keys = [
          'text',
          'code',
          'nickname',
          'settings',
          'scope',
          'mode',
          '__proto__',
          'constructor',
          'x',
        ];
        const object: Record<string, unknown> = {};
        for (let i = floor(random() * 4); i > 0; i--) object[pick(keys)] = randomValue(depth + 1);
        return object;
      }
    }
  }

  /** A payload that no event accepts: wrong types, extra fields, or out of range values. */
  function hostilePayload(event: ClientEvent): unknown {
    for (;;) {
      // What arrives is the JSON of the payload (a "__proto__" key set on an object literal is not).
      const json = JSON.stringify(anyHostilePayload(event)) ?? 'null';
      const payload: unknown = JSON.parse(json);
      const small = Buffer.byteLength(json) <= MAX_FUZZ_BYTES;
      // Now and then chance makes a valid payload ({} for game:start); those are not hostile.
      if (small && !CLIENT_PAYLOADS[event].safeParse(payload).success) return payload;
    }
  }

  function anyHostilePayload(event: ClientEvent): unknown {
    const r = random();
    if (r < 0.4) return randomValue(0);
    if (r < 0.55) return { ...(randomValue(1) as object), unexpected: randomValue(2) };
    switch (event) {
      case 'guess':
        return pick([
          { text: 'x'.repeat(201) },
          { text: randomValue(2) === null ? 1 : [] },
          { text: 'Paris', x: 1 },
        ]);
      case 'room:create':
        return pick([
          { nickname: '' },
          { nickname: ' '.repeat(10) },
          { nickname: 'x'.repeat(25) },
          { nickname: 'A', settings: { durationSec: 59 } },
          { nickname: 'A', settings: { maxPlayers: 51 } },
          { nickname: 'A', settings: { mode: 'battle' } },
          { nickname: 'A', settings: { scope: 'Atlantis' } },
        ]);
      case 'room:join':
        return pick([
          { code: 'OOOOOO', nickname: 'A' },
          { code: 'ACDEF', nickname: 'A' },
          { code: 'ACDEFG', nickname: 'A', sessionToken: 'x'.repeat(101) },
          { code: 'ACDEFG' },
        ]);
      case 'room:settings':
        return pick([
          { settings: { durationSec: 7201 } },
          { settings: 'all' },
          { settings: { scope: '' } },
        ]);
      default:
        return { [randomString(8) || 'k']: randomValue(1) };
    }
  }

  /** One of HOSTILE_TEXTS, now and then with a random string around it. */
  function hostileText(): string {
    const text = pick(HOSTILE_TEXTS);
    return random() < 0.3 ? `${randomString(10)}${text}${randomString(10)}` : text;
  }

  /**
   * A payload shaped like the event's (the right fields, of the right types)
   * whose strings are hostile texts: these pass the schema when short enough
   * and reach the rules, the name look-up and the database.
   */
  function wellFormedHostile(event: ClientEvent): unknown {
    const text = hostileText();
    switch (event) {
      case 'guess':
        return { text: text.slice(0, 200) };
      case 'room:create':
        return { nickname: text.slice(0, 20), settings: { scope: pick(['DE', 'FR', text]) } };
      case 'room:join':
        return { code: text.slice(0, 6), nickname: text.slice(0, 20) };
      case 'room:settings':
        return { settings: { scope: text, mode: pick(['race', 'coop', text]) } };
      default:
        return {};
    }
  }

  /** JSON nested `depth` levels deep: arrays, objects, or both in turn. */
  function deepJson(depth: number): string {
    const kind = pick(['array', 'object', 'mixed'] as const);
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const object = kind === 'object' || (kind === 'mixed' && i % 2 === 1);
      open += object ? `{"${pick(['text', 'a', '__proto__', 'constructor'])}":` : '[';
      close = (object ? '}' : ']') + close;
    }
    return `${open}${JSON.stringify(hostileText())}${close}`;
  }

  /** An object whose own keys include __proto__ / constructor, as JSON.parse makes them. */
  function prototypePayload(): unknown {
    const key = pick(PROTOTYPE_KEYS);
    const inner = pick([
      '{"polluted":true}',
      '{"prototype":{"polluted":true}}',
      '{"toString":"x","valueOf":1}',
    ]);
    return JSON.parse(
      pick([
        `{"${key}":${inner}}`,
        `{"text":"Paris","${key}":${inner}}`,
        `{"nickname":"A","settings":{"${key}":${inner}}}`,
      ]),
    );
  }

  return {
    pick,
    randomString,
    randomValue,
    hostilePayload,
    hostileText,
    wellFormedHostile,
    deepJson,
    prototypePayload,
  };
}
