/** `tsx bench/write-mix.ts DIR [COUNT] [SEED]`: writes the soak mix into DIR (e.g. the 1,000-file run). */
import { writeMix } from './mix.js';

const [dir, count = '1000', seed = 'mix'] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write('usage: tsx bench/write-mix.ts DIR [COUNT] [SEED]\n');
  process.exit(2);
}
writeMix(dir, { count: Number(count), seed }).then(
  (summary) => process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
