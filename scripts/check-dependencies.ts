/**
 * Fails when an installed package facing the network is older than the
 * known-good version pinned in ops/known-good-versions.json: the version
 * audited last (ops/security.md, "Dependencies"), past every advisory known
 * then. `npm audit` is refused by the registry these machines use, so `npm
 * test` runs this instead, before the suites (`npm run check:deps`).
 *
 * Every copy npm installed for the server is checked (a package nested
 * under another, such as express's own `cookie`, too), read from its
 * node_modules/…/package.json, against the pin for its major version; a copy
 * of a major version nobody pinned fails too, as nobody audited it. Copies
 * only the development tools use are not checked: they never face players.
 * A runtime dependency neither pinned nor listed as `offline` (it does not
 * face the network) is named, for the next audit, but does not fail the run.
 *
 * Usage: tsx scripts/check-dependencies.ts [project directory]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Pin {
  /** The oldest version accepted, one per major version in use (cookie: 0.x nested, 1.x direct). */
  minimum: string | string[];
  /** Why: when it was audited, and the advisories it is past. */
  why: string;
}

/** One installed copy of a package, where npm put it. */
export interface InstalledCopy {
  name: string;
  /** Its directory, relative to the project (node_modules/express/node_modules/cookie). */
  path: string;
  /** Its version as its package.json says; undefined when the directory is missing. */
  version: string | undefined;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Compares two semantic versions (semver.org §11): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [SEMVER.exec(a.trim()), SEMVER.exec(b.trim())];
  if (!x) throw new Error(`not a version: ${JSON.stringify(a)}`);
  if (!y) throw new Error(`not a version: ${JSON.stringify(b)}`);
  for (let i = 1; i <= 3; i++) {
    const difference = Number(x[i]) - Number(y[i]);
    if (difference !== 0) return Math.sign(difference);
  }
  return comparePrerelease(x[4], y[4]);
}

/** A release ranks above its pre-releases; pre-release fields compare one by one. */
function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [left, right] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const [p, q] = [left[i], right[i]];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn && Number(p) !== Number(q)) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    if (!pn && p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

const major = (version: string) => Number(SEMVER.exec(version.trim())?.[1]);

/** What is wrong with the installed copies against the pins; empty when all is well. */
export function checkVersions(
  pins: Record<string, Pin>,
  installed: readonly InstalledCopy[],
): string[] {
  const problems: string[] = [];
  for (const [name, pin] of Object.entries(pins)) {
    const minimums = typeof pin.minimum === 'string' ? [pin.minimum] : pin.minimum;
    const copies = installed.filter((copy) => copy.name === name);
    if (copies.length === 0) problems.push(`${name}: pinned but not installed (npm ci?)`);
    for (const copy of copies) {
      if (copy.version === undefined) {
        problems.push(`${name}: ${copy.path} is in package-lock.json but not installed (npm ci?)`);
        continue;
      }
      const minimum = minimums.find((version) => major(version) === major(copy.version!));
      if (minimum === undefined) {
        problems.push(
          `${name}: ${copy.version} at ${copy.path} is of a major version nobody audited (pinned: ${minimums.join(', ')})`,
        );
      } else if (compareVersions(copy.version, minimum) < 0) {
        problems.push(
          `${name}: ${copy.version} at ${copy.path} is older than the known-good ${minimum} (${pin.why})`,
        );
      }
    }
  }
  return problems;
}

interface Lockfile {
  packages: Record<string, { name?: string; dev?: boolean; link?: boolean }>;
}

/** Every copy the server may load: package-lock.json's entries, less development-only ones. */
export function installedCopies(root: string): InstalledCopy[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const copies: InstalledCopy[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.dev || entry.link) continue;
    const name =
      entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const manifest = join(root, path, 'package.json');
    const version = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
      : undefined;
    copies.push({ name, path, version });
  }
  return copies;
}

/** Checks the project at `root`; the exit code: 0 when every pinned copy is new enough. */
export function main(root: string, out: (line: string) => void = console.log): number {
  const known = JSON.parse(readFileSync(join(root, 'ops', 'known-good-versions.json'), 'utf8')) as {
    packages: Record<string, Pin>;
    offline?: Record<string, string>;
  };
  const pins = known.packages;
  const copies = installedCopies(root);
  const problems = checkVersions(pins, copies);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const unpinned = Object.keys(manifest.dependencies ?? {}).filter(
    (name) => !(name in pins) && !(name in (known.offline ?? {})),
  );
  for (const problem of problems) out(`check-dependencies: ${problem}`);
  if (unpinned.length > 0) {
    out(
      `check-dependencies: not audited yet (add to ops/known-good-versions.json): ${unpinned.join(', ')}`,
    );
  }
  const checked = copies.filter((copy) => copy.name in pins).length;
  if (problems.length === 0) {
    out(
      `check-dependencies: ${checked} installed copies of ${Object.keys(pins).length} pinned packages are at or above their known-good versions`,
    );
  }
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv[2] ?? process.cwd());
}
