import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type PipelineSpec } from '@pipeline/lambda-kit';
import { loadConfig, type ResizeConfig } from './config.js';
import { possibleVariantKeys, rejectionKey } from './key-layout.js';
import { resizeObject } from './resize.js';

/** The SDK clients the resize function needs, built once per container. */
export interface ResizeClients {
  readonly s3: S3Client;
}

/** The resize pipeline: its configuration, clients and the work for one image, for lambda-kit's skeleton. */
export const resizePipeline: PipelineSpec<ResizeConfig, ResizeClients> = {
  name: 'resize',
  loadConfig,
  clients: () => ({ s3: createS3Client() }),
  // S3 sends one record per event, and sharp already uses every core for one image.
  concurrency: { default: 2, max: 8 },
  process: (object, { config, clients, onSourceRemoved }) =>
    resizeObject(config, clients.s3, object, onSourceRemoved),
  rejectionKey: (object, config) => rejectionKey(config, object.key),
  // Variants in another format than this version's, or of a version that was rejected, are stale.
  staleOutputs: (object, config) => possibleVariantKeys(config, object.key),
  // A removed upload takes its variants with it ("delete my photo" removes what was made from it).
  onSourceRemoved: 'remove-outputs',
  outputsOf: (object, config) => possibleVariantKeys(config, object.key),
};
