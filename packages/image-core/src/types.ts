/** Image formats recognised from the input's content (magic bytes, then the decoder's header). */
export type InputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'svg' | 'pdf';

/** Formats refused unless explicitly allowed: they are an attack surface for upload services. */
export type UnsafeInputFormat = 'svg' | 'pdf';

/** Formats a variant can be encoded to. */
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/**
 * A variant's requested format. `original` (the default) keeps the input's format when it is
 * jpeg, png, webp or avif; otherwise PNG when the input has alpha, JPEG when it has not.
 */
export type FormatChoice = OutputFormat | 'original';

/**
 * How a box is filled:
 * - `inside` (default): aspect ratio kept, fits within the box, never enlarged;
 * - `cover`: fills the box exactly, cropping the overflow (see `position`);
 * - `contain`: fits within the box, letterboxed with `background` to exactly the box;
 * - `fill`: stretched to exactly the box, aspect ratio ignored.
 */
export type Fit = 'inside' | 'cover' | 'contain' | 'fill';

/** Which part of the image `cover` keeps: the most salient region, the busiest, or the centre. */
export type CropPosition = 'attention' | 'entropy' | 'centre';

/** A colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, or channels 0-255 with `alpha` 0-1. */
export type Colour = string | { readonly r: number; readonly g: number; readonly b: number; readonly alpha?: number };

/** Options every variant shape shares. */
export interface VariantCommon {
  /** Identifies the output; letters, digits, `.`, `_` and `-` (safe in object keys). */
  readonly name: string;
  /** @default 'original' */
  readonly format?: FormatChoice;
  /** Lossy quality 1-100. @default 80 for jpeg/webp, 50 for avif (ignored for png/gif). */
  readonly quality?: number;
  /** Letterbox colour for `contain`, and what alpha is flattened onto for JPEG. @default white for JPEG, transparent otherwise */
  readonly background?: Colour;
}

/** A variant sized by a box. `inside` needs `width` or `height` (or both); other fits need both. */
export interface BoxVariant extends VariantCommon {
  readonly width?: number;
  readonly height?: number;
  /** @default 'inside' */
  readonly fit?: Fit;
  /** Crop strategy for `cover`. @default 'attention' */
  readonly position?: CropPosition;
  readonly scale?: never;
}

/** A variant sized by a factor of each side, in (0, 1]. */
export interface ScaleVariant extends VariantCommon {
  readonly scale: number;
  readonly width?: never;
  readonly height?: never;
  readonly fit?: never;
  readonly position?: never;
}

/** A variant description: a box or a scale. */
export type VariantSpec = BoxVariant | ScaleVariant;

/** Names of the built-in presets. */
export type PresetName = 'thumbnail' | 'mobile' | 'tablet' | 'web' | 'half';

/** What `renderVariants` accepts per variant: a preset name or a full description. */
export type VariantRequest = PresetName | VariantSpec;

/** When decoding aborts on invalid pixel data (sharp's `failOn`), most to least lenient. */
export type FailOn = 'none' | 'truncated' | 'error' | 'warning';

/** Options shared by `probe` and `renderVariants`. */
export interface InputOptions {
  /** Largest accepted width x height (all frames when `animated`), checked from the header. @default 100_000_000 */
  readonly maxPixels?: number;
  /** Unsafe formats to accept anyway. @default [] */
  readonly allowFormats?: readonly UnsafeInputFormat[];
  /** Keep every frame of animated GIF/WebP (where the output format can animate). @default false: first frame */
  readonly animated?: boolean;
}

/** Options of `renderVariants`. */
export interface RenderOptions extends InputOptions {
  /** Keep EXIF (including GPS) and XMP in outputs; colour is still converted to sRGB. @default false */
  readonly keepMetadata?: boolean;
  /** Decoder strictness. @default 'warning' (the strictest, right for untrusted input) */
  readonly failOn?: FailOn;
  /** Default quality for variants that set none. */
  readonly quality?: number;
  /** Default background for variants that set none. */
  readonly background?: Colour;
}

/** What `probe` reports about an input, read from its header only. */
export interface ImageInfo {
  readonly format: InputFormat;
  /** Upright width, after the EXIF orientation is applied. */
  readonly width: number;
  /** Upright height, after the EXIF orientation is applied. */
  readonly height: number;
  /** EXIF orientation 1-8 (1 when absent). */
  readonly orientation: number;
  readonly hasAlpha: boolean;
  /** Frames or pages (1 for still images). */
  readonly pages: number;
  /** Input size in bytes. */
  readonly bytes: number;
  /** Whether an ICC profile is embedded. */
  readonly hasIccProfile: boolean;
}

/** One encoded output of `renderVariants`, in request order. */
export interface RenderedVariant {
  readonly name: string;
  readonly data: Buffer;
  readonly format: OutputFormat;
  readonly width: number;
  readonly height: number;
  /** MIME type, e.g. `image/jpeg`. */
  readonly contentType: string;
  /** File extension without the dot, e.g. `jpg`. */
  readonly extension: string;
}

/** Input bytes accepted everywhere. */
export type ImageInput = Buffer | Uint8Array;
