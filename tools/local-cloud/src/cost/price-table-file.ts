/**
 * `--prices FILE`: a JSON object overriding some of the default prices (another region, a
 * negotiated rate), in the shape of the `Prices` table, e.g.
 * `{ "asOf": "2027-01-10", "source": "eu-west-1 list prices", "lambda": { "perGbSecond": { "arm64": 0.0000133334 } } }`
 * (the DynamoDB price has a date and source of its own: `dynamodb.asOf`, `dynamodb.source`).
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { US_EAST_1_PRICES, withPrices, type Prices } from './prices.js';

function checkNumbers(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`Expected a price of at least 0 for ${path} but received ${value}`);
    return;
  }
  if (typeof value === 'string' && /(^|\.)(asOf|source)$/.test(path)) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`Expected a number for ${path} but received ${JSON.stringify(value)}`);
  for (const [key, inner] of Object.entries(value)) checkNumbers(inner, path === '' ? key : `${path}.${key}`);
}

/** The default table, with the file's prices over it; the default table itself without a file. */
export async function loadPrices(file: string | undefined): Promise<Prices> {
  if (file === undefined) return US_EAST_1_PRICES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--prices ${file}: ${(error as Error).message}`);
  }
  checkNumbers(parsed, '');
  return withPrices(parsed as Parameters<typeof withPrices>[0]);
}
