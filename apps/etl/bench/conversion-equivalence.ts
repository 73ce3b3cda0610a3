/**
 * Fuzzes the engine's conversions against the documented rules (see tests/support/conversion-fuzz.ts):
 *   node --import tsx bench/conversion-equivalence.ts [count]
 * Exits 1 and prints the first differences when any value converts differently.
 */
import { fuzzConversions } from '../tests/support/conversion-fuzz.js';

const verdicts = await fuzzConversions(Number(process.argv[2] ?? 20_000));
for (const { column, values, accepted, differences } of verdicts) {
  console.log(
    `${column.name.padEnd(3)} ${column.type.padEnd(9)} values ${values}, accepted ${accepted}, differences ${differences.length}`,
  );
  for (const row of differences.slice(0, 5)) console.log('   ', JSON.stringify(row));
}
process.exit(verdicts.some((v) => v.differences.length) ? 1 : 0);
