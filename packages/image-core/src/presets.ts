import type { BoxVariant, PresetName, ScaleVariant } from './types.js';

/**
 * The built-in variants, frozen. `half` is a scale; the rest are `inside` boxes.
 *
 * @example
 * const { web, thumbnail }: Presets = presets;
 */
export interface Presets {
  readonly thumbnail: BoxVariant;
  readonly mobile: BoxVariant;
  readonly tablet: BoxVariant;
  readonly web: BoxVariant;
  readonly half: ScaleVariant;
}

/**
 * The variants the resize pipeline renders by default (boxes keep the aspect ratio and never
 * enlarge), plus `half`, 50% of each side. Pass a name to `renderVariants`, or spread a preset
 * to change one field.
 *
 * @example
 * presets.web; // { name: 'web', width: 1200, height: 800, fit: 'inside' }
 * await renderVariants(input, ['thumbnail', { ...presets.web, format: 'webp' }]);
 */
export const presets: Presets = Object.freeze({
  thumbnail: Object.freeze({ name: 'thumbnail', width: 256, height: 256, fit: 'inside' }),
  mobile: Object.freeze({ name: 'mobile', width: 800, height: 600, fit: 'inside' }),
  tablet: Object.freeze({ name: 'tablet', width: 1024, height: 768, fit: 'inside' }),
  web: Object.freeze({ name: 'web', width: 1200, height: 800, fit: 'inside' }),
  half: Object.freeze({ name: 'half', scale: 0.5 }),
});

/**
 * Names of every preset, in a stable order.
 *
 * @example
 * presetNames.includes('web'); // true
 */
export const presetNames: readonly PresetName[] = Object.freeze(Object.keys(presets) as PresetName[]);

/**
 * Type guard for preset names, e.g. to validate a comma-separated list from configuration.
 *
 * @example
 * 'thumbnail,web'.split(',').every(isPresetName); // true
 */
export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(presets, value);
}
