import { definePipeline } from '@pipeline/lambda-kit';
import { etlPipeline } from './pipeline.js';

/**
 * Lambda entry point (`index.handler` in the artifact). Built at module scope: a bad variable
 * (DATASETS included) fails the cold start with its name; S3, DuckDB's factory and the logger
 * are reused across invocations.
 */
export const handler = definePipeline(etlPipeline);
