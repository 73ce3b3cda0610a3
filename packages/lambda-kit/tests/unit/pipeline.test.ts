import type { Context } from 'aws-lambda';
import { s3Event, s3EventRecord } from '@pipeline/testing';
import {
  BatchError,
  ConfigError,
  definePipeline,
  isCurrentVersion,
  MemoryLog,
  outcomesFromLogs,
  skipped,
  superseded,
  TransientError,
  written,
  type FailedOutcome,
  type ObjectOutcome,
  type PipelineConfigBase,
  type PipelineSpec,
  type ProcessResult,
  type S3ObjectRef,
} from '../../src/index.js';
import { offlineS3 } from '../support/offline-s3.js';

const context = { awsRequestId: 'req-1', functionName: 'fn' } as Context;
const config: PipelineConfigBase = {
  destinationBucket: 'out',
  sourcePrefix: 'in/',
  ownPrefixes: ['done/', 'rejected/'],
  rejectedPrefix: 'rejected/',
};
const clients = { s3: offlineS3().s3 };

function spec(
  process: (object: S3ObjectRef) => Promise<ProcessResult>,
): PipelineSpec<PipelineConfigBase, typeof clients> {
  return {
    name: 'demo',
    loadConfig: () => config,
    clients: () => clients,
    concurrency: { default: 2, max: 4 },
    process,
    rejectionKey: (object) => `rejected/${object.key}.json`,
  };
}

function run(process: (object: S3ObjectRef) => Promise<ProcessResult>, log = new MemoryLog()) {
  return { handler: definePipeline(spec(process), { env: {}, clients, log }), log };
}

/** The records as a reader sees them: from the log lines. */
function logged(log: MemoryLog): ObjectOutcome[] {
  return outcomesFromLogs(log.lines.map((line) => line.attributes));
}

describe('definePipeline', () => {
  it('returns and logs one outcome record per record, in record order, listing what was written', async () => {
    const { handler, log } = run(async (object) =>
      object.key === 'in/old.txt'
        ? superseded({ versionId: 'v2' })
        : object.key === 'in/again.txt'
          ? skipped('duplicate')
          : written('copied', [{ bucket: 'out', key: `done/${object.key}`, bytes: 12 }], {
              measures: { parts: 1 },
            }),
    );
    const result = await handler(
      s3Event([
        { bucket: 'src', key: 'in/a.txt', versionId: 'v1', eTag: 'e1', size: 12 },
        { bucket: 'src', key: 'in/old.txt' },
        { bucket: 'src', key: 'in/again.txt' },
      ]),
      context,
    );
    expect(result.outcomes.map((o) => [o.kind, o.source.key])).toEqual([
      ['written', 'in/a.txt'],
      ['superseded', 'in/old.txt'],
      ['skipped', 'in/again.txt'],
    ]);
    expect(result.outcomes[0]).toMatchObject({
      schema: 'pipeline.outcome/v1',
      pipeline: 'demo',
      requestId: 'req-1',
      action: 'copied',
      source: { bucket: 'src', key: 'in/a.txt', versionId: 'v1', eTag: 'e1', size: 12 },
      written: [{ bucket: 'out', key: 'done/in/a.txt', bytes: 12 }],
      measures: { parts: 1 },
    });
    expect(result.outcomes[1]).toMatchObject({ current: { versionId: 'v2' }, written: [] });
    // One line each (in the order they finished), the same records as returned.
    expect(logged(log)).toHaveLength(result.outcomes.length);
    expect(logged(log)).toEqual(expect.arrayContaining([...result.outcomes]));
  });

  it('skips, with a record, keys outside the source prefix and objects in its own folders, without calling process', async () => {
    const seen: string[] = [];
    const { handler, log } = run(async (object) => {
      seen.push(object.key);
      return written('copied', []);
    });
    const result = await handler(
      s3Event([
        { bucket: 'src', key: 'elsewhere/a.txt' },
        { bucket: 'out', key: 'done/in/a.txt' },
        { bucket: 'out', key: 'rejected/in/a.txt.json' },
        { bucket: 'src', key: 'in/ok.txt' },
      ]),
      context,
    );
    expect(result.outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'outside-source-prefix',
      'own-output',
      'own-output',
      'written',
    ]);
    expect(seen).toEqual(['in/ok.txt']);
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(2); // the recursion guard warns
  });

  it('skips test events, other event types and directory markers with a record each', async () => {
    const { handler, log } = run(async () => written('copied', []));
    const tests = await handler({ Event: 's3:TestEvent', Bucket: 'src', Service: 'Amazon S3' }, context);
    const others = await handler(
      s3Event([
        { bucket: 'src', key: 'in/gone.txt', eventName: 'ObjectRestore:Completed' },
        { bucket: 'src', key: 'in/folder/' },
      ]),
      context,
    );
    expect(
      [...tests.outcomes, ...others.outcomes].map((o) => [o.kind, o.source.bucket, o.source.key]),
    ).toEqual([
      ['skipped', 'src', ''],
      ['skipped', 'src', 'in/gone.txt'],
      ['skipped', 'src', 'in/folder/'],
    ]);
    expect(logged(log).map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'test-event',
      'not-object-created',
      'directory-marker',
    ]);
  });

  it('skips a removed source in a pipeline that keeps its outputs, without calling process', async () => {
    const seen: string[] = [];
    const { handler } = run(async (object) => {
      seen.push(object.key);
      return written('copied', []);
    });
    const result = await handler(
      s3Event([{ bucket: 'src', key: 'in/gone.txt', eventName: 'ObjectRemoved:Delete' }]),
      context,
    );
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'not-object-created' }),
    ]);
    expect(seen).toEqual([]);
  });

  it('refuses ON_SOURCE_REMOVED=remove-outputs at cold start for a pipeline that names no outputsOf', () => {
    expect(() =>
      definePipeline(
        spec(async () => written('copied', [])),
        {
          env: { ON_SOURCE_REMOVED: 'remove-outputs' },
          clients,
        },
      ),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'ON_SOURCE_REMOVED' }));
  });

  it('logs a failed record for every transient failure and malformed record, then throws them together', async () => {
    const processed: string[] = [];
    const { handler, log } = run(async (object) => {
      processed.push(object.key);
      if (object.key.startsWith('in/slow'))
        throw new TransientError('S3_THROTTLED', `throttled ${object.key}`);
      return written('copied', []);
    });
    const malformed = { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'src' }, object: {} } };
    const event = {
      Records: [
        s3EventRecord({ bucket: 'src', key: 'in/slow1' }),
        malformed,
        s3EventRecord({ bucket: 'src', key: 'in/ok' }),
        s3EventRecord({ bucket: 'src', key: 'in/slow2' }),
      ],
    };
    const error = await handler(event, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).failures.map((f) => [f.index, (f.error as { code: string }).code])).toEqual([
      [0, 'S3_THROTTLED'],
      [1, 'EVENT_MALFORMED'],
      [3, 'S3_THROTTLED'],
    ]);
    expect(processed.sort()).toEqual(['in/ok', 'in/slow1', 'in/slow2']);
    const failed = logged(log).filter((o): o is FailedOutcome => o.kind === 'failed');
    expect(failed.map((o) => [o.source.bucket, o.source.key, o.code, o.retried]).sort()).toEqual([
      ['src', '', 'EVENT_MALFORMED', true],
      ['src', 'in/slow1', 'S3_THROTTLED', true],
      ['src', 'in/slow2', 'S3_THROTTLED', true],
    ]);
    expect(
      logged(log)
        .filter((o) => o.kind === 'written')
        .map((o) => o.source.key),
    ).toEqual(['in/ok']);
  });

  it('reads RECORD_CONCURRENCY within the pipeline limit, naming the variable when it is out of range', async () => {
    let running = 0;
    let peak = 0;
    const slow = async (): Promise<ProcessResult> => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return written('copied', []);
    };
    const handler = definePipeline(spec(slow), {
      env: { RECORD_CONCURRENCY: '3' },
      clients,
      log: new MemoryLog(),
    });
    await handler(s3Event(Array.from({ length: 6 }, (_, i) => ({ bucket: 'src', key: `in/${i}` }))), context);
    expect(peak).toBe(3);
    expect(() => definePipeline(spec(slow), { env: { RECORD_CONCURRENCY: '5' }, clients })).toThrow(
      ConfigError,
    );
    expect(() => definePipeline(spec(slow), { env: { RECORD_CONCURRENCY: '5' }, clients })).toThrow(
      'Expected an integer from 1 to 4 for RECORD_CONCURRENCY but received 5',
    );
  });

  it('builds its logger from LOG_LEVEL, refusing an unknown level at cold start', () => {
    const make = (LOG_LEVEL: string) => () =>
      definePipeline(
        spec(async () => written('copied', [])),
        { env: { LOG_LEVEL }, clients },
      );
    expect(make('debug')).not.toThrow();
    expect(make('LOUD')).toThrow(expect.objectContaining({ variable: 'LOG_LEVEL' }));
  });

  it('fails at cold start with the config error of the first bad variable', () => {
    const bad: PipelineSpec<PipelineConfigBase, typeof clients> = {
      ...spec(async () => written('copied', [])),
      loadConfig: () => {
        throw new ConfigError('DESTINATION_BUCKET', 'a bucket name', undefined);
      },
    };
    expect(() => definePipeline(bad, { env: {}, clients })).toThrow(
      'Expected a bucket name for DESTINATION_BUCKET but received nothing',
    );
  });
});

describe('isCurrentVersion', () => {
  it.each([
    ['the same version of a versioned key', { versionId: 'v1' }, { versionId: 'v1', eTag: 'a' }, true],
    ['an older version of a versioned key', { versionId: 'v1' }, { versionId: 'v2', eTag: 'b' }, false],
    ['the same ETag of an unversioned key', { eTag: '"a"' }, { eTag: 'a' }, true],
    ['an overwritten unversioned key', { eTag: 'a' }, { eTag: 'b' }, false],
    ["S3's null version id is no version", { versionId: 'null', eTag: 'a' }, { eTag: 'a' }, true],
    ['a key deleted since (no current version)', { versionId: 'v1' }, undefined, true],
    ['an event without an ETag on an unversioned key', {}, { eTag: 'b' }, true],
  ])('%s', (_, version, current, expected) => {
    expect(isCurrentVersion(version, current)).toBe(expected);
  });
});
