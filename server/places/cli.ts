/**
 * The places command line; other tools depend on its output exactly.
 *
 *   places resolve <scope> <text>   one JSON array of candidates, in claim order
 *   places resolve --stdin          JSON lines {"scope","text"} in, one JSON array per line out
 *   places scopes                   a JSON array of every scope, world included
 *
 * Only JSON goes to stdout; errors (and the import's progress, on a first
 * run) go to stderr. In --stdin mode a bad line gets its error on stderr and
 * an empty array on stdout, and the stream goes on.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { createProgress } from '../../db/progress.js';
import { openGameData } from '../backends.js';
import { readConfig } from '../config.js';
import { connectCacheRedis } from '../redis.js';
import type { Places } from './create-places.js';
import type { Place } from './place.js';
import { GuessError } from './resolve-guess.js';

const USAGE = `usage: places resolve <scope> <text>
       places resolve --stdin    (JSON lines {"scope": ..., "text": ...})
       places scopes`;

const GuessLine = z.object({ scope: z.string(), text: z.string() });

/** The candidate fields of the CLI contract, in this order. */
function candidate(place: Place) {
  const { id, name, country, admin1, population, lat, lon } = place;
  return { id, name, country, admin1, population, lat, lon };
}

async function resolveToJson(places: Places, scope: string, text: string): Promise<string> {
  const found = await places.resolver.resolveGuess(scope, text);
  return JSON.stringify(found.map(candidate));
}

function describe(error: unknown): string {
  if (error instanceof GuessError) return `${error.code}: ${error.message}`;
  if (error instanceof z.ZodError) return `bad_request: expected {"scope": string, "text": string}`;
  if (error instanceof SyntaxError) return `bad_request: not JSON (${error.message})`;
  return `internal: ${error instanceof Error ? error.message : String(error)}`;
}

async function resolveStream(places: Places): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    let output = '[]';
    try {
      const guess = GuessLine.parse(JSON.parse(line));
      output = await resolveToJson(places, guess.scope, guess.text);
    } catch (error) {
      process.stderr.write(`line ${lineNumber}: ${describe(error)}\n`);
    }
    if (!process.stdout.write(output + '\n')) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}

async function run(args: string[], places: Places): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'scopes') {
    process.stdout.write(JSON.stringify(places.gazetteer.scopes) + '\n');
    return 0;
  }
  if (command === 'resolve' && rest.length === 1 && rest[0] === '--stdin') {
    await resolveStream(places);
    return 0;
  }
  if (command === 'resolve' && rest.length === 2) {
    try {
      process.stdout.write((await resolveToJson(places, rest[0]!, rest[1]!)) + '\n');
      return 0;
    } catch (error) {
      process.stderr.write(`${describe(error)}\n`);
      return 2;
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (!['resolve', 'scopes'].includes(args[0] ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = readConfig(process.env);
  let db: Database | undefined;
  const redis = config.redisUrl ? connectCacheRedis(config.redisUrl) : undefined;
  try {
    // Without Redis the database answers: the same parts as the server's, from the same place.
    const data = await openGameData(config, {
      redis,
      prefix: config.redisPrefix,
      progress: createProgress(),
    });
    db = data.db;
    return await run(args, data.places);
  } finally {
    redis?.disconnect();
    await db?.close();
  }
}

process.exitCode = await main();
