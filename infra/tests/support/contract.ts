/**
 * The environment contract in CONTEXT.md: every variable each app reads, and nothing else; plus
 * copy's REJECTED_PREFIX, which the copy app reads (apps/copy/src/config.ts) beyond that list.
 */
import type { PipelineName } from '../../src/config/index.js';

const COMMON_VARIABLES = ['DESTINATION_BUCKET', 'SOURCE_PREFIX', 'LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME'];

export const ENVIRONMENT_CONTRACT: Readonly<Record<PipelineName, readonly string[]>> = {
  copy: [
    ...COMMON_VARIABLES,
    'DESTINATION_PREFIX',
    'REJECTED_PREFIX',
    'MULTIPART_THRESHOLD_BYTES',
    'MULTIPART_PART_SIZE_BYTES',
    'DESTINATION_STORAGE_CLASS',
    'DESTINATION_SSE',
  ],
  resize: [
    ...COMMON_VARIABLES,
    'OUTPUT_PREFIX',
    'REJECTED_PREFIX',
    'VARIANTS',
    'MAX_INPUT_BYTES',
    'MAX_INPUT_PIXELS',
  ],
  etl: [...COMMON_VARIABLES, 'CURATED_PREFIX', 'REJECTED_PREFIX', 'DATASETS'],
};
