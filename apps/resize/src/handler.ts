import { definePipeline } from '@pipeline/lambda-kit';
import { resizePipeline } from './pipeline.js';

/**
 * Lambda entry point (`index.handler` in the artifact). Built at module scope: a bad variable
 * fails the cold start with its name; the S3 client and logger are reused across invocations.
 */
export const handler = definePipeline(resizePipeline);
