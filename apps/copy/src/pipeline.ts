import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type PipelineSpec } from '@pipeline/lambda-kit';
import { loadConfig, type CopyConfig } from './config.js';
import { copyObject } from './copy.js';
import { destinationKeyFor, rejectionKeyFor } from './routing.js';

/** The SDK clients the copy needs, built once per container. */
export interface CopyClients {
  readonly s3: S3Client;
}

/** The copy pipeline: its configuration, clients and the work for one object, for lambda-kit's skeleton. */
export const copyPipeline: PipelineSpec<CopyConfig, CopyClients> = {
  name: 'copy',
  loadConfig,
  clients: () => ({ s3: createS3Client() }),
  // Each record is a few server-side requests (multipart copies run their parts in parallel on top).
  concurrency: { default: 4, max: 64 },
  process: (object, { config, clients, log, onSourceRemoved }) =>
    copyObject(config, { s3: clients.s3, log, onSourceRemoved }, object),
  rejectionKey: (object, config) => rejectionKeyFor(config, object),
  // Copies are backups: they outlive their source, unless ON_SOURCE_REMOVED says remove-outputs.
  onSourceRemoved: 'keep',
  outputsOf: (object, config) => [destinationKeyFor(config, object)],
};
