/**
 * @pipeline/image-core: decode once, render many. Validated image variants on top of sharp,
 * upright, sRGB and stripped of metadata, with input limits checked before decoding.
 */
export { renderVariants, probe } from './render.js';
export { presets, presetNames, isPresetName } from './presets.js';
export type { Presets } from './presets.js';
export { ImageCoreError, ImageInputError, ImageOptionsError, ImageProcessingError } from './errors.js';
export type { ImageCoreErrorCode, ImageInputErrorCode } from './errors.js';
export { sniffFormat, outputFormatInfo, resolveOutputFormat } from './formats.js';
export type { SniffedFormat, OutputFormatInfo } from './formats.js';
export { isSrgbProfile } from './icc.js';
export { validateVariants, validateOptions, DEFAULT_MAX_PIXELS, MAX_DIMENSION } from './validation.js';
export type { ResolvedVariant, ResolvedOptions, BoxSize, ScaleSize } from './validation.js';
export type {
  BoxVariant,
  Colour,
  CropPosition,
  FailOn,
  Fit,
  FormatChoice,
  ImageInfo,
  ImageInput,
  InputFormat,
  InputOptions,
  OutputFormat,
  PresetName,
  RenderOptions,
  RenderedVariant,
  ScaleVariant,
  UnsafeInputFormat,
  VariantCommon,
  VariantRequest,
  VariantSpec,
} from './types.js';
