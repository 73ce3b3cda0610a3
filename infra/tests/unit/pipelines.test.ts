/**
 * Each built-in module's environment contract, pinned to the variables its app reads
 * (apps/<name>/src/config.ts and its README): a module that drops or renames one fails here.
 * The stack suites check that every function is deployed with exactly its module's contract.
 */
import { ENVIRONMENTS, PIPELINES } from '../../src/config/index.js';
import { COMMON_VARIABLES, RUNTIME_VARIABLES } from '../../src/pipelines/kit/environment.js';
import { contractVariables } from '../support/contract.js';

const APP_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  copy: [
    'DESTINATION_PREFIX',
    'REJECTED_PREFIX',
    'MULTIPART_THRESHOLD_BYTES',
    'MULTIPART_PART_SIZE_BYTES',
    'DESTINATION_STORAGE_CLASS',
    'DESTINATION_SSE',
  ],
  resize: ['OUTPUT_PREFIX', 'REJECTED_PREFIX', 'VARIANTS', 'MAX_INPUT_BYTES', 'MAX_INPUT_PIXELS'],
  etl: ['CURATED_PREFIX', 'REJECTED_PREFIX', 'DATASETS', 'GLUE_DATABASE', 'GLUE_PARTITIONS_FROM'],
};

describe.each(Object.entries(APP_VARIABLES))('the %s module', (name, variables) => {
  const pipeline = PIPELINES.find((p) => p.name === name)!;

  it('is registered', () => expect(pipeline).toBeDefined());

  it.each(['local', 'dev', 'prod'] as const)(
    'hands its app exactly the variables the app reads (and the runtime its NODE_OPTIONS) in %s',
    (environment) => {
      expect(contractVariables(pipeline, ENVIRONMENTS[environment])).toEqual([
        ...Object.keys(RUNTIME_VARIABLES),
        ...COMMON_VARIABLES,
        ...variables,
      ]);
    },
  );

  it('keeps its rejection records in an output folder of their own', () => {
    expect(pipeline.outputs).toContain(pipeline.rejected);
    expect(pipeline.outputs[0]).not.toBe(pipeline.rejected);
  });
});

describe('the copy module with a bucket KMS key', () => {
  it('adds DESTINATION_KMS_KEY_ID beside DESTINATION_SSE=aws:kms', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/abcd';
    const copy = PIPELINES.find((p) => p.name === 'copy')!;
    const environment = copy.environment(ENVIRONMENTS.dev.pipelines.copy, {
      functionName: 'pipeline-dev-copy',
      environmentName: 'dev',
      logLevel: 'INFO',
      bucketName: (bucket) => bucket,
      kmsKeyArn: () => kmsKeyArn,
      glue: { database: 'curated', partitionsFrom: '2026-01-01' },
      catalogTableName: 'pipeline-dev-catalog',
    });
    expect(environment).toMatchObject({ DESTINATION_SSE: 'aws:kms', DESTINATION_KMS_KEY_ID: kmsKeyArn });
  });
});
