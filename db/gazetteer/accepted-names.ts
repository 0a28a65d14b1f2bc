import { normaliseName } from './normalise.js';
import type { CityRecord } from './read-cities.js';

/**
 * Airport, ICAO and similar codes are short runs of capitals and digits
 * ("CGN", "EDDK"); real names written in capitals are longer ("VYTINA").
 */
const SHORT_CODE = /^[A-Z0-9]{1,4}$/;
/** Postal codes and other identifiers: digits and capitals, no lower-case letter ("50667", "A1V 0A9"). */
const POSTAL_CODE = /^(?=.*\d)[A-Z0-9 -]+$/;
const LINK = /:\/\/|^www\./i;

/** Whether an alternate name is a code or a link rather than a name a player would type. */
export function isCodeLike(alternate: string): boolean {
  return SHORT_CODE.test(alternate) || POSTAL_CODE.test(alternate) || LINK.test(alternate);
}

/**
 * The distinct keys under which a place can be named: its name, its ASCII
 * name and every alternate name that is not a code or a link, normalised.
 * The place's own name always counts, even when it looks like a code.
 */
export function acceptedNameKeys(
  record: Pick<CityRecord, 'name' | 'asciiName' | 'alternateNames'>,
): string[] {
  const keys = new Set<string>();
  const add = (name: string) => {
    const key = normaliseName(name);
    if (key !== '') keys.add(key);
  };
  add(record.name);
  add(record.asciiName);
  if (record.alternateNames !== '') {
    for (const alternate of record.alternateNames.split(',')) {
      if (!isCodeLike(alternate)) add(alternate);
    }
  }
  return [...keys];
}

/**
 * A name key with its spaces taken out, for players who leave them out:
 * "aizu wakamatsu" is also "aizuwakamatsu". Undefined for a key without spaces.
 */
export function compactKey(key: string): string | undefined {
  return key.includes(' ') ? key.replaceAll(' ', '') : undefined;
}
