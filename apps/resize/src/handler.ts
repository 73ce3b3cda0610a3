import { createLogger } from '@pipeline/lambda-kit';
import { s3 } from './clients.js';
import { loadConfig } from './config.js';
import { createResizeHandler } from './resize.js';

// Cold start: a bad variable fails the init with an error naming it, before any event is taken.
const config = loadConfig();
const log = createLogger(config.serviceName, {
  LOG_LEVEL: config.logLevel,
  POWERTOOLS_SERVICE_NAME: config.serviceName,
});

/** Lambda entry point (`index.handler` in the artifact). */
export const handler = createResizeHandler({ config, s3, log });
