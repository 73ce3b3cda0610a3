/**
 * The resize pipeline: images created under `uploads/` in the ingest bucket are decoded once and
 * rendered into variants under `images/variants/` in the processed bucket (apps/resize).
 */
import { InfraConfigError } from '../errors.js';
import { checkIntegerRange, checkOneOf, checkUnique } from '../config/checks.js';
import type { FunctionSettings } from '../config/function-settings.js';
import type { S3Location } from '../config/s3-location.js';
import { definePipelineModule, type PipelineModuleConfig } from './kit/define.js';
import { sourceAndOutputGrants } from './kit/grants.js';

/** The resize app's preset names (image-core); infra reads no app source, so they are listed here. */
const RESIZE_VARIANTS = ['thumbnail', 'mobile', 'tablet', 'web', 'half'] as const;
const MIB = 1024 * 1024;

export interface ResizePipelineConfig extends PipelineModuleConfig {
  readonly output: S3Location;
  readonly rejected: S3Location;
  readonly variants: readonly string[];
  readonly maxInputBytes: number;
  readonly maxInputPixels: number;
}

const FUNCTION: FunctionSettings = {
  memoryMb: 1536,
  timeoutSeconds: 60,
  reservedConcurrency: 10,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
};

export const resizeModule = definePipelineModule<'resize', ResizePipelineConfig>({
  name: 'resize',
  defaults: (environment) => ({
    function: environment === 'prod' ? { ...FUNCTION, memoryMb: 2048, reservedConcurrency: 50 } : FUNCTION,
    source: { bucket: 'ingest', prefix: 'uploads' },
    output: { bucket: 'processed', prefix: 'images/variants' },
    rejected: { bucket: 'processed', prefix: 'images/rejected' },
    variants: ['thumbnail', 'mobile', 'tablet', 'web'],
    maxInputBytes: 50 * MIB,
    maxInputPixels: 100_000_000,
  }),
  outputs: ['output', 'rejected'],
  rejected: 'rejected',
  validate(at, config) {
    if (config.variants.length === 0)
      throw new InfraConfigError(`${at}variants`, 'at least one variant', config.variants);
    config.variants.forEach((variant, index) =>
      checkOneOf(`${at}variants[${index}]`, variant, RESIZE_VARIANTS as readonly string[]),
    );
    checkUnique(`${at}variants`, config.variants);
    checkIntegerRange(`${at}maxInputBytes`, config.maxInputBytes, 1, 5 * 1024 * MIB);
    checkIntegerRange(`${at}maxInputPixels`, config.maxInputPixels, 1, 1_000_000_000);
  },
  // Variants of another format or of a rejected version, and rejection records once fixed, are deleted.
  grants: sourceAndOutputGrants(['output', 'rejected'], { deletes: ['output', 'rejected'] }),
  environment: (config) => ({
    OUTPUT_PREFIX: config.output.prefix,
    REJECTED_PREFIX: config.rejected.prefix,
    VARIANTS: config.variants.join(','),
    MAX_INPUT_BYTES: String(config.maxInputBytes),
    MAX_INPUT_PIXELS: String(config.maxInputPixels),
  }),
  // A removed upload takes its outputs with it ("delete my photo" removes what was made from it).
  onSourceRemoved: 'remove-outputs',
  // `pnpm start --input DIR`: the images, each at its relative path under `uploads/`.
  localInputs: { accepts: /\.(jpe?g|png|webp|avif|gif|tiff?)$/i },
});
