/**
 * Image formats recognised from the input's content (magic bytes, then the decoder's header).
 *
 * @example
 * const info = await probe(input);
 * if (info.format === 'tiff') console.log('scanner upload');
 */
export type InputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'svg' | 'pdf';

/**
 * Formats refused unless explicitly allowed: they are an attack surface for upload services.
 *
 * @example
 * await renderVariants(svgBytes, ['thumbnail'], { allowFormats: ['svg'] });
 */
export type UnsafeInputFormat = 'svg' | 'pdf';

/**
 * Formats a variant can be encoded to.
 *
 * @example
 * const format: OutputFormat = 'webp';
 * await renderVariants(input, [{ name: 'w', width: 800, format }]);
 */
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/**
 * A variant's requested format. `original` (the default) keeps the input's format when it is
 * jpeg, png, webp or avif; otherwise PNG when the input has alpha, JPEG when it has not.
 *
 * @example
 * await renderVariants(input, [{ name: 'keep', scale: 0.5, format: 'original' }]);
 */
export type FormatChoice = OutputFormat | 'original';

/**
 * How a box is filled:
 * - `inside` (default): aspect ratio kept, fits within the box, never enlarged;
 * - `cover`: fills the box exactly, cropping the overflow (see `position`);
 * - `contain`: fits within the box, letterboxed with `background` to exactly the box;
 * - `fill`: stretched to exactly the box, aspect ratio ignored.
 *
 * @example
 * await renderVariants(input, [{ name: 'sq', width: 512, height: 512, fit: 'cover' }]);
 */
export type Fit = 'inside' | 'cover' | 'contain' | 'fill';

/**
 * Which part of the image `cover` keeps: the most salient region, the busiest, or the centre.
 *
 * @example
 * await renderVariants(input, [{ name: 'sq', width: 512, height: 512, fit: 'cover', position: 'entropy' }]);
 */
export type CropPosition = 'attention' | 'entropy' | 'centre';

/**
 * A colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, or channels 0-255 with `alpha` 0-1.
 *
 * @example
 * await renderVariants(input, [{ name: 'box', width: 400, height: 400, fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }]);
 */
export type Colour =
  string | { readonly r: number; readonly g: number; readonly b: number; readonly alpha?: number };

/**
 * Options every variant shape shares.
 *
 * @example
 * const common: VariantCommon = { name: 'card', format: 'webp', quality: 70 };
 * await renderVariants(input, [{ ...common, width: 600 }]);
 */
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

/**
 * A variant sized by a box. `inside` needs `width` or `height` (or both); other fits need both.
 *
 * @example
 * const card: BoxVariant = { name: 'card', width: 600, height: 400, fit: 'cover', position: 'attention' };
 */
export interface BoxVariant extends VariantCommon {
  readonly width?: number;
  readonly height?: number;
  /** @default 'inside' */
  readonly fit?: Fit;
  /** Crop strategy for `cover`. @default 'attention' */
  readonly position?: CropPosition;
  readonly scale?: never;
}

/**
 * A variant sized by a factor of each side, in (0, 1].
 *
 * @example
 * const quarter: ScaleVariant = { name: 'quarter', scale: 0.25 };
 */
export interface ScaleVariant extends VariantCommon {
  readonly scale: number;
  readonly width?: never;
  readonly height?: never;
  readonly fit?: never;
  readonly position?: never;
}

/**
 * A variant description: a box or a scale.
 *
 * @example
 * const variants: VariantSpec[] = [{ name: 'sq', width: 512, height: 512, fit: 'cover' }, { name: 'q', scale: 0.25 }];
 */
export type VariantSpec = BoxVariant | ScaleVariant;

/**
 * Names of the built-in presets.
 *
 * @example
 * const names: PresetName[] = ['thumbnail', 'web'];
 */
export type PresetName = 'thumbnail' | 'mobile' | 'tablet' | 'web' | 'half';

/**
 * What `renderVariants` accepts per variant: a preset name or a full description.
 *
 * @example
 * const requests: VariantRequest[] = ['thumbnail', { name: 'sq', width: 512, height: 512, fit: 'cover' }];
 */
export type VariantRequest = PresetName | VariantSpec;

/**
 * When decoding aborts on invalid pixel data (sharp's `failOn`), most to least lenient.
 *
 * @example
 * await renderVariants(input, ['web'], { failOn: 'truncated' }); // accept slightly damaged files
 */
export type FailOn = 'none' | 'truncated' | 'error' | 'warning';

/**
 * Options shared by `probe` and `renderVariants`.
 *
 * @example
 * await probe(input, { maxPixels: 50_000_000 });
 */
export interface InputOptions {
  /** Largest accepted width x height (all frames when `animated`), checked from the header. @default 100_000_000 */
  readonly maxPixels?: number;
  /** Unsafe formats to accept anyway. @default [] */
  readonly allowFormats?: readonly UnsafeInputFormat[];
  /** Keep every frame of animated GIF/WebP (where the output format can animate). @default false: first frame */
  readonly animated?: boolean;
}

/**
 * Options of `renderVariants`.
 *
 * @example
 * await renderVariants(input, ['web'], { maxPixels: 50_000_000, keepMetadata: true, quality: 85 });
 */
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

/**
 * What `probe` reports about an input, read from its header only.
 *
 * @example
 * const { width, height, orientation } = await probe(input); // upright width and height
 */
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

/**
 * One encoded output of `renderVariants`, in request order.
 *
 * @example
 * for (const { name, data, extension, contentType } of await renderVariants(input, ['web'])) {
 *   await s3.send(new PutObjectCommand({ Bucket, Key: `${name}/photo.${extension}`, Body: data, ContentType: contentType }));
 * }
 */
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

/**
 * Input bytes accepted everywhere.
 *
 * @example
 * await probe(await readFile('photo.jpg')); // a Buffer
 * await probe(new Uint8Array(await blob.arrayBuffer()));
 */
export type ImageInput = Buffer | Uint8Array;
