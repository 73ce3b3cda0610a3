/**
 * pipelineTarget, what `pnpm redrive` and `pnpm reprocess` address: for every environment and
 * registered pipeline, the names it resolves from the registry are the ones the synthesized stack
 * deploys (function, failure queue, trigger bucket and prefix, memory and timeout).
 */
import { InfraConfigError } from '../../src/errors.js';
import { PIPELINES } from '../../src/config/index.js';
import { pipelineTarget } from '../../src/operations.js';
import { ALL_ENVIRONMENTS, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const stacks = synthJson();

function named(blocks: [string, Block][], id: string): Block {
  const found = blocks.find(([logicalId]) => logicalId === id);
  if (found === undefined) throw new Error(`no ${id} in the stack`);
  return found[1];
}

describe.each(ALL_ENVIRONMENTS)('pipelineTarget in %s', (environment) => {
  const json = stacks.get(environment)!;

  it.each(PIPELINES.map((p) => p.name))('names %s as the stack deploys it', (pipeline) => {
    const target = pipelineTarget(environment, pipeline);
    const fn = named(resourcesOf(json, 'aws_lambda_function'), `${pipeline}_function`);
    const queue = named(resourcesOf(json, 'aws_sqs_queue'), `${pipeline}_failures_queue`);
    const notification = resourcesOf(json, 'aws_s3_bucket_notification')[0]![1];
    const entry = (notification['lambda_function'] as Block[]).find((f) => f['id'] === `${pipeline}-trigger`);
    const bucketId = /aws_s3_bucket\.([a-z]+)_bucket\.id/.exec(String(notification['bucket']))?.[1];
    const bucket = named(resourcesOf(json, 'aws_s3_bucket'), `${bucketId}_bucket`);
    expect(target).toEqual({
      environment,
      pipeline,
      region: 'us-east-1',
      functionName: fn['function_name'],
      failureQueueName: queue['name'],
      source: { bucket: bucket['bucket'], prefix: entry?.['filter_prefix'] },
      memoryMb: fn['memory_size'],
      timeoutSeconds: fn['timeout'],
      architecture: (fn['architectures'] as string[])[0],
    });
  });
});

describe('pipelineTarget', () => {
  it('takes the same overrides as synth', () => {
    expect(pipelineTarget('dev', 'etl', { overrides: { namePrefix: 'team-b' } })).toMatchObject({
      functionName: 'team-b-etl',
      failureQueueName: 'team-b-etl-failures',
      source: { bucket: 'team-b-ingest', prefix: 'raw/' },
    });
  });

  it('refuses an unknown environment or pipeline, naming which', () => {
    expect(() => pipelineTarget('staging', 'copy')).toThrow(InfraConfigError);
    expect(() => pipelineTarget('dev', 'thumbnails')).toThrow(
      'Expected one of copy, resize, etl for pipeline but received "thumbnails"',
    );
  });
});
