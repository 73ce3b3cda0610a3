import type { InputHeader } from '../../src/input.js';
import { planRender } from '../../src/plan.js';
import { validateOptions, validateVariants } from '../../src/validation.js';
import type { RenderOptions, VariantRequest } from '@pipeline/image-core';

const header = (overrides: Partial<InputHeader> = {}): InputHeader => ({
  format: 'jpeg',
  width: 6000,
  height: 4000,
  orientation: 1,
  hasAlpha: false,
  pages: 1,
  bytes: 1,
  hasIccProfile: false,
  colour: 'decoder',
  decodeAllFrames: false,
  fullSizeDecode: false,
  ...overrides,
});
const plan = (variants: VariantRequest[], options: RenderOptions = {}, input = header()) =>
  planRender(input, validateVariants(variants), validateOptions(options));

describe('planRender', () => {
  it('decodes the four seed variants once, at the size of the largest', () => {
    const result = plan(['thumbnail', 'mobile', 'tablet', 'web']);
    expect(result).toMatchObject({ mode: 'shared', width: 1200, height: 800 });
    expect(result.variants.map((variant) => [variant.resize.width, variant.resize.height])).toEqual([
      [256, 171],
      [800, 533],
      [1024, 683],
      [1200, 800],
    ]);
  });

  it('sizes the shared decode for half, cover and contain', () => {
    expect(plan(['thumbnail', 'half'])).toMatchObject({ mode: 'shared', width: 3000, height: 2000 });
    // cover 2000x2000 needs the source at 2000/4000 = 0.5; contain needs the smaller ratio.
    expect(plan(['thumbnail', { name: 'c', width: 2000, height: 2000, fit: 'cover' }])).toMatchObject({
      width: 3000,
      height: 2000,
    });
    expect(plan(['thumbnail', { name: 'c', width: 2000, height: 2000, fit: 'contain' }])).toMatchObject({
      width: 2000,
      height: 1333,
    });
  });

  it('never enlarges the shared decode', () => {
    expect(plan(['thumbnail', 'web'], {}, header({ width: 640, height: 480 }))).toMatchObject({
      mode: 'shared',
      width: 640,
      height: 480,
    });
  });

  it('uses one direct pipeline per variant for one variant, kept metadata or kept animation', () => {
    expect(plan(['web']).mode).toBe('direct');
    expect(plan(['web', 'thumbnail'], { keepMetadata: true }).mode).toBe('direct');
    const animated = plan(
      ['half', { name: 'j', scale: 0.5, format: 'jpeg' }],
      { animated: true },
      header({ format: 'gif', pages: 3, decodeAllFrames: true, hasAlpha: true }),
    );
    expect(animated.mode).toBe('direct');
    expect(animated.variants.map((variant) => [variant.format, variant.animate])).toEqual([
      ['gif', true],
      ['jpeg', false],
    ]);
  });

  it('converts a non-sRGB profile after scaling, so even one variant takes the shared decode', () => {
    expect(plan(['half'], {}, header({ hasIccProfile: true, colour: 'after-scaling' }))).toMatchObject({
      mode: 'shared',
      width: 3000,
      height: 2000,
    });
    expect(plan(['half'], {}, header({ hasIccProfile: true, colour: 'as-is' })).mode).toBe('direct');
  });

  it('picks quality and background defaults per format', () => {
    const [jpeg, avif] = plan([
      { name: 'j', width: 10 },
      { name: 'a', width: 10, format: 'avif' },
    ]).variants;
    expect(jpeg).toMatchObject({ quality: 80, background: { r: 255, g: 255, b: 255, alpha: 1 } });
    expect(avif).toMatchObject({ quality: 50, background: { alpha: 0 } });
    expect(plan(['web', 'half'], { quality: 70 }).variants[0]?.quality).toBe(70);
  });
});
