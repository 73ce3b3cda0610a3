/**
 * The chaos run's inputs: the soak mix (bench/mix.ts, 96 inputs, about 3% marked to fault), a PNG
 * under a folder and name that need encoding in events, a schema-less CSV, and a file under
 * `denied/`, where the run takes copy's write grant away.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeMix, type MixSummary } from '../../bench/mix.js';

/** A grant taken from copy's role for the chaos run only: its copies under `denied/` must fail. */
export const DENIED_FOLDER = 'denied/';

/** Writes the chaos run's inputs into `input`; the mix tells which are faulted and which corrupt. */
export async function writeChaosInput(input: string): Promise<MixSummary> {
  const mix = await writeMix(input, {
    count: 96,
    seed: 'e2e',
    faultShare: 0.03,
    maxBinaryBytes: 4 * 1024 * 1024,
  });
  mkdirSync(join(input, 'a b'), { recursive: true });
  writeFileSync(
    join(input, 'a b', 'photo+1.png'),
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3060a0' } })
      .png()
      .toBuffer(),
  );
  writeFileSync(
    join(input, 'events', 'clicks.csv'),
    'user,page,at\nu1,/home,2026-11-01T00:00:00Z\nu2,/cart,2026-11-01T00:01:00Z\n',
  );
  mkdirSync(join(input, DENIED_FOLDER), { recursive: true });
  writeFileSync(join(input, DENIED_FOLDER, 'ledger.bin'), Buffer.alloc(2048, 1));
  return mix;
}
