import { log, s3 } from './clients.js';
import { loadConfig } from './config.js';
import { createEtlHandler, type EtlHandler } from './etl-handler.js';

/** Validated at cold start: a bad variable (DATASETS included) fails the init with its name. */
const config = loadConfig();

export const handler: EtlHandler = createEtlHandler({ config, s3, log });
