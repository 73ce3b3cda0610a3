import { isPresetName, presetNames, type PresetName } from '@pipeline/image-core';
import {
  bucketName,
  commaList,
  ConfigError,
  keyPrefix,
  positiveInt,
  type Env,
  type PipelineConfigBase,
} from '@pipeline/lambda-kit';

/** Everything the resize function reads from its environment, validated once at cold start. */
export interface ResizeConfig extends PipelineConfigBase {
  /** Where variants and rejection records are written. */
  readonly destinationBucket: string;
  /** Only keys under this prefix are processed; outputs keep the part below it. `''` = whole bucket. */
  readonly sourcePrefix: string;
  /** Variants go to `<outputPrefix><variant>/<relative key>.<ext>`. Folder form (`variants/`). */
  readonly outputPrefix: string;
  /** Rejection records go to `<rejectedPrefix><relative key>.json`. Folder form (`rejected/`). */
  readonly rejectedPrefix: string;
  /** Preset names, in rendering order, without duplicates. */
  readonly variants: readonly PresetName[];
  /** Objects larger than this are refused before their body is read. */
  readonly maxInputBytes: number;
  /** Images whose header claims more pixels than this are refused before decoding. */
  readonly maxInputPixels: number;
}

const DEFAULT_VARIANTS: readonly PresetName[] = ['thumbnail', 'mobile', 'tablet', 'web'];
/** 50 MiB: far above any camera JPEG, well inside a 1.5 GB function's memory with the decoded pixels. */
export const DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024;
/** 100 megapixels (a 48 MP phone photo passes; a decompression bomb does not). */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

function readVariants(env: Env): PresetName[] {
  const names = commaList('VARIANTS', DEFAULT_VARIANTS, env);
  const unknown = names.filter((name) => !isPresetName(name));
  if (unknown.length > 0) {
    throw new ConfigError('VARIANTS', `preset names (${presetNames.join(', ')})`, unknown.join(','));
  }
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new ConfigError('VARIANTS', 'each preset name once', names.join(','));
  return names as PresetName[];
}

/** An output folder: never the whole bucket (the recursion guard would refuse every key). */
function outputFolder(name: string, defaultValue: string, env: Env): string {
  const prefix = keyPrefix(name, defaultValue, env);
  if (prefix === '')
    throw new ConfigError(name, 'a non-empty prefix (outputs need their own folder)', env[name]);
  return prefix;
}

/** Rejections under the output folder (or the reverse) would mix with variants. */
function checkSeparate(outputPrefix: string, rejectedPrefix: string): void {
  if (outputPrefix.startsWith(rejectedPrefix) || rejectedPrefix.startsWith(outputPrefix)) {
    throw new ConfigError(
      'REJECTED_PREFIX',
      `a prefix that does not overlap OUTPUT_PREFIX ${JSON.stringify(outputPrefix)}`,
      rejectedPrefix,
    );
  }
}

/**
 * Reads and validates every variable the function uses; each error names its variable.
 *
 * @throws {ConfigError} on the first missing or malformed variable.
 */
export function loadConfig(env: Env = process.env): ResizeConfig {
  const destinationBucket = bucketName('DESTINATION_BUCKET', env);
  const outputPrefix = outputFolder('OUTPUT_PREFIX', 'variants', env);
  const rejectedPrefix = outputFolder('REJECTED_PREFIX', 'rejected', env);
  checkSeparate(outputPrefix, rejectedPrefix);
  return Object.freeze({
    destinationBucket,
    sourcePrefix: keyPrefix('SOURCE_PREFIX', '', env),
    outputPrefix,
    rejectedPrefix,
    ownPrefixes: Object.freeze([outputPrefix, rejectedPrefix]),
    variants: Object.freeze(readVariants(env)),
    maxInputBytes: positiveInt('MAX_INPUT_BYTES', DEFAULT_MAX_INPUT_BYTES, env),
    maxInputPixels: positiveInt('MAX_INPUT_PIXELS', DEFAULT_MAX_INPUT_PIXELS, env),
  });
}
