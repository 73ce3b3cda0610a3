import { outputFormatInfo, resolveOutputFormat } from './formats.js';
import type { InputHeader } from './input.js';
import type { Colour, CropPosition, OutputFormat } from './types.js';
import type { ResolvedOptions, ResolvedVariant } from './validation.js';

/** The one resize a variant needs, in upright source coordinates. */
interface ResizeStep {
  readonly width: number;
  readonly height: number;
  /** `fill` means exact dimensions already computed here (inside, scale and fill). */
  readonly fit: 'fill' | 'cover' | 'contain';
  readonly position: CropPosition;
}

/** Everything needed to render one variant, decided before any pixel is decoded. */
export interface VariantPlan {
  readonly name: string;
  readonly format: OutputFormat;
  readonly quality: number;
  readonly background: Colour;
  readonly resize: ResizeStep;
  /** Fraction of the source resolution this variant needs (at most 1). */
  readonly sourceScale: number;
  /** Whether all frames are kept (animated input, animation requested, format can animate). */
  readonly animate: boolean;
}

/**
 * `shared`: decode once (with shrink-on-load) to the size the largest variant needs, convert
 * colour there if needed, then derive every variant from those pixels. `direct`: one pipeline
 * per variant from the input (a single variant needing no deferred colour conversion, kept
 * metadata, or kept animation).
 */
export type RenderPlan =
  | {
      readonly mode: 'shared';
      readonly width: number;
      readonly height: number;
      readonly variants: readonly VariantPlan[];
    }
  | { readonly mode: 'direct'; readonly variants: readonly VariantPlan[] };

const WHITE: Colour = { r: 255, g: 255, b: 255, alpha: 1 };
const TRANSPARENT: Colour = { r: 0, g: 0, b: 0, alpha: 0 };

const scaled = (side: number, factor: number): number => Math.max(1, Math.round(side * factor));

/** Output size and needed source scale of one variant on a `width` x `height` upright source. */
function sizeVariant(
  size: ResolvedVariant['size'],
  width: number,
  height: number,
): { resize: ResizeStep; sourceScale: number } {
  if (size.kind === 'scale') {
    return {
      resize: {
        width: scaled(width, size.scale),
        height: scaled(height, size.scale),
        fit: 'fill',
        position: 'centre',
      },
      sourceScale: size.scale,
    };
  }
  const xRatio = size.width === undefined ? Infinity : size.width / width;
  const yRatio = size.height === undefined ? Infinity : size.height / height;
  if (size.fit === 'inside') {
    const factor = Math.min(xRatio, yRatio, 1);
    return {
      resize: {
        width: scaled(width, factor),
        height: scaled(height, factor),
        fit: 'fill',
        position: 'centre',
      },
      sourceScale: factor,
    };
  }
  const needed = size.fit === 'contain' ? Math.min(xRatio, yRatio) : Math.max(xRatio, yRatio);
  const box = { width: size.width ?? width, height: size.height ?? height };
  return { resize: { ...box, fit: size.fit, position: size.position }, sourceScale: Math.min(needed, 1) };
}

function planVariant(variant: ResolvedVariant, header: InputHeader, options: ResolvedOptions): VariantPlan {
  const format = resolveOutputFormat(variant.format, header, header.decodeAllFrames);
  const info = outputFormatInfo(format);
  return {
    name: variant.name,
    format,
    quality: variant.quality ?? options.quality ?? (format === 'avif' ? 50 : 80),
    background: variant.background ?? options.background ?? (info.hasAlpha ? TRANSPARENT : WHITE),
    ...sizeVariant(variant.size, header.width, header.height),
    animate: header.decodeAllFrames && info.canAnimate,
  };
}

/**
 * Decides, from the header alone, each variant's output size and format and how the input
 * is decoded.
 *
 * @example
 * planRender(header, validateVariants(['thumbnail', 'web']), validateOptions());
 * // { mode: 'shared', width: 1200, height: 800, variants: [...] } for a 6000x4000 input
 */
export function planRender(
  header: InputHeader,
  variants: readonly ResolvedVariant[],
  options: ResolvedOptions,
): RenderPlan {
  const plans = variants.map((variant) => planVariant(variant, header, options));
  const single = plans.length === 1 && header.colour !== 'after-scaling';
  if (single || options.keepMetadata || header.decodeAllFrames) return { mode: 'direct', variants: plans };
  const sharedScale = Math.min(1, Math.max(...plans.map((plan) => plan.sourceScale)));
  return {
    mode: 'shared',
    width: scaled(header.width, sharedScale),
    height: scaled(header.height, sharedScale),
    variants: plans,
  };
}
