import { jpegProcess } from '../src/jpeg-frame.js';
import type { BenchInput } from './inputs.js';
import { median } from './measure.js';

/** What telling a lossless JPEG from the others costs every JPEG input: the header walk to the SOF marker. */
export interface DetectionCost {
  /** The slowest input's median time of one `jpegProcess` call, in microseconds. */
  readonly maxMicroseconds: number;
  readonly input: string;
}

/** Median over `calls` of one header walk, per JPEG input (synchronous, so timed in a tight loop). */
export function measureDetection(inputs: readonly BenchInput[], calls = 2000): DetectionCost {
  let worst: DetectionCost = { maxMicroseconds: 0, input: '-' };
  for (const input of inputs.filter((candidate) => candidate.format === 'jpeg')) {
    const times: number[] = [];
    for (let call = 0; call < calls; call += 1) {
      const start = performance.now();
      if (jpegProcess(input.data) === 'lossless') throw new Error(`${input.name} is not a lossless JPEG`);
      times.push((performance.now() - start) * 1000);
    }
    const micros = median(times);
    if (micros > worst.maxMicroseconds) worst = { maxMicroseconds: micros, input: input.name };
  }
  return worst;
}
