import { ImageOptionsError } from './errors.js';
import { isPresetName, presets } from './presets.js';
import type {
  Colour,
  CropPosition,
  FailOn,
  Fit,
  FormatChoice,
  InputOptions,
  RenderOptions,
  UnsafeInputFormat,
  VariantRequest,
} from './types.js';

/**
 * A variant after validation: every default applied, every value checked.
 *
 * @example
 * const [thumbnail] = validateVariants(['thumbnail']); // thumbnail.size.kind === 'box'
 */
export interface ResolvedVariant {
  readonly name: string;
  readonly size: BoxSize | ScaleSize;
  readonly format: FormatChoice;
  readonly quality: number | undefined;
  readonly background: Colour | undefined;
}
/**
 * A validated box size.
 *
 * @example
 * validateVariants([{ name: 'w', width: 800 }])[0]?.size; // { kind: 'box', width: 800, fit: 'inside', ... }
 */
export interface BoxSize {
  readonly kind: 'box';
  readonly width?: number;
  readonly height?: number;
  readonly fit: Fit;
  readonly position: CropPosition;
}
/**
 * A validated scale.
 *
 * @example
 * validateVariants(['half'])[0]?.size; // { kind: 'scale', scale: 0.5 }
 */
export interface ScaleSize {
  readonly kind: 'scale';
  readonly scale: number;
}

/**
 * Options after validation.
 *
 * @example
 * const { maxPixels } = validateOptions({}); // 100_000_000
 */
export interface ResolvedOptions {
  readonly maxPixels: number;
  readonly allowFormats: ReadonlySet<UnsafeInputFormat>;
  readonly animated: boolean;
  readonly keepMetadata: boolean;
  readonly failOn: FailOn;
  readonly quality: number | undefined;
  readonly background: Colour | undefined;
}

/**
 * Largest side any output encoder accepts (WebP's limit).
 *
 * @example
 * const width = Math.min(requested, MAX_DIMENSION);
 */
export const MAX_DIMENSION = 16383;
/**
 * Default pixel limit: 100 megapixels.
 *
 * @example
 * await renderVariants(input, ['web'], { maxPixels: 2 * DEFAULT_MAX_PIXELS });
 */
export const DEFAULT_MAX_PIXELS = 100_000_000;

const describe = (value: unknown): string =>
  `${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)} of type ${typeof value}`;

function fail(option: string, expected: string, value: unknown): never {
  throw new ImageOptionsError(option, `Expected ${expected} for ${option} but received ${describe(value)}`);
}

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(option, `one of ${allowed.join(', ')}`, value);
}

function optionalInteger(option: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || isIntegerIn(value, min, max)) return value;
  return fail(option, `integer between ${min} and ${max}`, value);
}

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

function optionalColour(option: string, value: unknown): Colour | undefined {
  if (value === undefined || (typeof value === 'string' && HEX_COLOUR.test(value))) return value;
  if (typeof value === 'object' && value !== null) {
    const { r, g, b, alpha } = value as Record<string, unknown>;
    const channelsOk = [r, g, b].every((channel) => isIntegerIn(channel, 0, 255));
    const alphaOk = alpha === undefined || (typeof alpha === 'number' && alpha >= 0 && alpha <= 1);
    if (channelsOk && alphaOk) return value as Colour;
  }
  return fail(option, 'colour (#rgb, #rrggbb, #rrggbbaa or { r, g, b, alpha })', value);
}

const FITS: readonly Fit[] = ['inside', 'cover', 'contain', 'fill'];
const POSITIONS: readonly CropPosition[] = ['attention', 'entropy', 'centre'];
const FORMATS: readonly FormatChoice[] = ['original', 'jpeg', 'png', 'webp', 'avif', 'gif'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function resolveSize(path: string, spec: Record<string, unknown>): BoxSize | ScaleSize {
  const { width, height, scale, fit, position } = spec;
  if (scale !== undefined) {
    if (width !== undefined || height !== undefined || fit !== undefined || position !== undefined) {
      fail(`${path}.scale`, 'either scale or a box (width/height/fit/position), not both', scale);
    }
    if (typeof scale !== 'number' || !(scale > 0 && scale <= 1))
      fail(`${path}.scale`, 'number in (0, 1]', scale);
    return { kind: 'scale', scale };
  }
  const resolvedFit = oneOf(`${path}.fit`, fit, FITS, 'inside');
  const w = optionalInteger(`${path}.width`, width, 1, MAX_DIMENSION);
  const h = optionalInteger(`${path}.height`, height, 1, MAX_DIMENSION);
  if (w === undefined && h === undefined)
    fail(`${path}.width`, 'positive integer (a box needs width or height, or use scale)', width);
  if (resolvedFit !== 'inside' && (w === undefined || h === undefined)) {
    fail(
      w === undefined ? `${path}.width` : `${path}.height`,
      `positive integer (fit '${resolvedFit}' needs both sides)`,
      w ?? h,
    );
  }
  return {
    kind: 'box',
    width: w,
    height: h,
    fit: resolvedFit,
    position: oneOf(`${path}.position`, position, POSITIONS, 'attention'),
  };
}

function resolveVariant(request: unknown, index: number): ResolvedVariant {
  const path = `variants[${index}]`;
  if (typeof request === 'string' && !isPresetName(request))
    fail(path, `a preset name (${Object.keys(presets).join(', ')}) or a variant object`, request);
  const spec = (typeof request === 'string' ? presets[request as keyof typeof presets] : request) as Record<
    string,
    unknown
  >;
  if (typeof spec !== 'object' || spec === null)
    return fail(path, 'a preset name or a variant object', request);
  if (typeof spec.name !== 'string' || !NAME.test(spec.name))
    fail(`${path}.name`, "name of letters, digits, '.', '_' or '-' (at most 64)", spec.name);
  return {
    name: spec.name,
    size: resolveSize(path, spec),
    format: oneOf(`${path}.format`, spec.format, FORMATS, 'original'),
    quality: optionalInteger(`${path}.quality`, spec.quality, 1, 100),
    background: optionalColour(`${path}.background`, spec.background),
  };
}

/**
 * Validates a variant list before any work: every field, unique names, at least one variant.
 *
 * @example
 * validateVariants(['thumbnail', { name: 'sq', width: 512, height: 512, fit: 'cover' }]);
 */
export function validateVariants(requests: readonly VariantRequest[]): ResolvedVariant[] {
  if (!Array.isArray(requests) || requests.length === 0) fail('variants', 'non-empty array', requests);
  const resolved = requests.map((request, index) => resolveVariant(request, index));
  const seen = new Set<string>();
  resolved.forEach((variant, index) => {
    if (seen.has(variant.name))
      fail(`variants[${index}].name`, 'a name not used by another variant', variant.name);
    seen.add(variant.name);
  });
  return resolved;
}

function resolveAllowFormats(value: unknown): ReadonlySet<UnsafeInputFormat> {
  if (value === undefined) return new Set();
  if (Array.isArray(value) && value.every((format) => format === 'svg' || format === 'pdf'))
    return new Set(value);
  return fail('allowFormats', "array of 'svg' and 'pdf'", value);
}

function optionalBoolean(option: string, value: unknown): boolean {
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  return fail(option, 'boolean', value);
}

/**
 * Validates options and applies defaults.
 *
 * @example
 * validateOptions({ maxPixels: 50_000_000 }).failOn; // 'warning'
 */
export function validateOptions(options: RenderOptions | InputOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'object', options);
  const all = options as RenderOptions;
  return {
    maxPixels: optionalInteger('maxPixels', all.maxPixels, 1, Number.MAX_SAFE_INTEGER) ?? DEFAULT_MAX_PIXELS,
    allowFormats: resolveAllowFormats(all.allowFormats),
    animated: optionalBoolean('animated', all.animated),
    keepMetadata: optionalBoolean('keepMetadata', all.keepMetadata),
    failOn: oneOf('failOn', all.failOn, ['none', 'truncated', 'error', 'warning'], 'warning'),
    quality: optionalInteger('quality', all.quality, 1, 100),
    background: optionalColour('background', all.background),
  };
}
