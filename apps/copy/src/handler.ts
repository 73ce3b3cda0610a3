import { createS3Handler, type S3EventHandler } from '@pipeline/lambda-kit';
import { log, s3 } from './clients.js';
import { loadConfig } from './config.js';
import { copyObject, recordRejection } from './copy.js';

/** Validated at cold start: a bad variable fails the init with its name. */
const config = loadConfig();

export const handler: S3EventHandler = createS3Handler({
  log,
  concurrency: config.recordConcurrency,
  processObject: (object) => copyObject(config, { s3, log }, object),
  rejectObject: (object, error, requestId) => recordRejection(config, s3, object, error, requestId),
});
