/**
 * `pnpm smoke` (src/ops/smoke*.ts): the checking logic on canned outcome records (variants, rows,
 * missing or resized-wrong outputs, other outcomes, none in time), the deadline, the command line and
 * the inputs derived from an environment. The whole run against the emulator: ops-smoke-run.test.ts.
 */
import type { ObjectOutcome } from '@pipeline/lambda-kit';
import sharp from 'sharp';
import { judge, type ObservedObject } from '../../src/ops/smoke-checks.js';
import { smokeInputs } from '../../src/ops/smoke-inputs.js';
import { parseSmokeOptions } from '../../src/ops/smoke-options.js';
import { decisiveOutcome, jsonMessages } from '../../src/ops/smoke-outcomes.js';
import { waitForOutcomes } from '../../src/ops/smoke-wait.js';
import {
  csvInput,
  imageInput,
  observer,
  variantObject,
  VARIANTS,
  writtenOutcome,
} from '../support/smoke-fixtures.js';

describe('smoke checks', () => {
  it('accepts every configured variant written as an image within the source', async () => {
    const outcome = writtenOutcome(imageInput().key, VARIANTS.map(variantObject));
    expect((await judge(imageInput(), outcome, observer())).problems).toEqual([]);
  });

  it('names a missing variant, an image larger than the source and a missing output', async () => {
    const written = ['thumbnail', 'mobile', 'tablet'].map(variantObject);
    const outcome = writtenOutcome(imageInput().key, written);
    const verdict = await judge(
      imageInput(),
      outcome,
      observer({ [written[0]!.key]: [3200, 2400] }, [written[2]!.key]),
    );
    expect(verdict.problems).toEqual([
      `output processed/${written[2]!.key} is missing`,
      'variant thumbnail: expected at most 1600x1200 but received 3200x2400',
      `variant tablet: ${written[2]!.key} is not a readable image`,
      'variant web: expected one output but the record lists 0',
    ]);
  });

  it('checks the rows read, written and rejected, and output sizes', async () => {
    const files = [{ bucket: 'processed', key: 'etl/curated/orders/x.parquet', bytes: 10 }];
    const good = writtenOutcome(csvInput().key, files, { rowsRead: 4, rowsWritten: 3, rowsRejected: 1 });
    expect((await judge(csvInput(), good, observer())).problems).toEqual([]);
    const bad = writtenOutcome(csvInput().key, files, { rowsRead: 4, rowsWritten: 4 });
    const shrunk = async (): Promise<ObservedObject> => ({ bytes: 9 });
    expect((await judge(csvInput(), bad, shrunk)).problems).toEqual([
      'output etl/curated/orders/x.parquet: expected 10 bytes but received 9',
      'rowsWritten: expected 3 but received 4',
      'rowsRejected: expected 1 but received nothing',
    ]);
  });

  it('fails an input whose record is not written, or that has none', async () => {
    const rejected: ObjectOutcome = {
      ...writtenOutcome(imageInput().key, []),
      kind: 'rejected',
      code: 'CORRUPT',
      message: 'broken',
    };
    expect((await judge(imageInput(), rejected, observer())).problems).toEqual([
      'expected a written outcome but received rejected (CORRUPT: broken)',
    ]);
    expect((await judge(imageInput(), undefined, observer())).problems).toEqual([
      `no outcome record for ${imageInput().key} before the deadline`,
    ]);
  });

  it('reads outcome records from log messages and prefers a written one among retries', () => {
    const failed = { ...writtenOutcome('k', []), kind: 'failed', code: 'X', message: 'm', retried: true };
    const written = writtenOutcome('k', []);
    const records = jsonMessages([
      'START RequestId: r',
      JSON.stringify({ level: 'INFO', outcome: failed }),
      `2026-12-05T10:00:00Z\tr\tINFO\t${JSON.stringify({ outcome: written })}`,
    ]);
    expect(records).toHaveLength(2);
    expect(decisiveOutcome([failed as ObjectOutcome, written])).toBe(written);
    expect(decisiveOutcome([failed as ObjectOutcome])).toBe(failed);
    expect(decisiveOutcome([])).toBeUndefined();
  });
});

describe('waiting for outcomes', () => {
  const inputs = [
    { pipeline: 'p', functionName: 'f', bucket: 'in', key: 'a' },
    { pipeline: 'p', functionName: 'f', bucket: 'in', key: 'b' },
  ];

  it('polls only the keys still missing, until each has a record', async () => {
    const asked: string[] = [];
    let round = 0;
    const found = await waitForOutcomes(
      inputs,
      async ({ key }) => {
        asked.push(key);
        return key === 'a' || round > 1 ? writtenOutcome(key, []) : undefined;
      },
      { deadline: Number.MAX_SAFE_INTEGER, sleep: async () => void round++ },
    );
    expect([...found.keys()]).toEqual(['a', 'b']);
    expect(asked).toEqual(['a', 'b', 'b', 'b']);
  });

  it('keeps polling after a failure (Lambda retries it) and takes the retry that wrote', async () => {
    let round = 0;
    const failed = { ...writtenOutcome('a', []), kind: 'failed', code: 'X' };
    const found = await waitForOutcomes(
      inputs.slice(0, 1),
      async ({ key }) => (round === 0 ? failed : round === 1 ? undefined : writtenOutcome(key, [])),
      { deadline: Number.MAX_SAFE_INTEGER, sleep: async () => void round++ },
    );
    expect(found.get('a')?.kind).toBe('written');
    expect(round).toBe(2);
  });

  it('gives up at the deadline, leaving the missing ones undefined', async () => {
    let now = 0;
    const found = await waitForOutcomes(
      inputs,
      async ({ key }) => (key === 'a' ? writtenOutcome(key, []) : undefined),
      {
        deadline: 30_000,
        pollMs: 5_000,
        now: () => now,
        sleep: async (ms) => void (now += ms),
      },
    );
    expect(found.get('a')?.kind).toBe('written');
    expect(found.get('b')).toBeUndefined();
    expect(now).toBe(30_000);
  });
});

describe('pnpm smoke command line and inputs', () => {
  it('needs --env, takes local, and refuses a bad timeout', () => {
    expect(parseSmokeOptions(['--', '--env', 'dev'])).toEqual({
      env: 'dev',
      timeoutSeconds: 300,
      keep: false,
    });
    expect(parseSmokeOptions(['--env', 'prod', '--timeout', '60', '--keep'])).toEqual({
      env: 'prod',
      timeoutSeconds: 60,
      keep: true,
    });
    expect(parseSmokeOptions(['--help'])).toBe('help');
    expect(() => parseSmokeOptions([])).toThrow(
      'Expected a deployed environment for --env but received nothing',
    );
    expect(parseSmokeOptions(['--env', 'local'])).toMatchObject({ env: 'local' });
    expect(() => parseSmokeOptions(['--env', 'dev', '--timeout', '0'])).toThrow(
      'Expected a positive integer for --timeout but received 0',
    );
  });

  it("derives keys, functions and variants from the environment's configuration", async () => {
    const [image, csv] = await smokeInputs('dev', 'run-1');
    expect(image).toMatchObject({
      bucket: 'pipeline-dev-ingest',
      key: 'uploads/smoke/run-1/smoke.jpg',
      functionName: 'pipeline-dev-resize',
      variants: ['thumbnail', 'mobile', 'tablet', 'web'],
    });
    expect((await sharp(image.body).metadata()).width).toBe(1600);
    expect(csv).toMatchObject({ key: 'raw/orders/smoke/run-1/orders.csv', functionName: 'pipeline-dev-etl' });
    expect(csv.body.trim().split('\n')).toHaveLength(csv.rows.read + 1);
    await expect(smokeInputs('dev', 'Bad Id')).rejects.toThrow('run id');
  });
});
