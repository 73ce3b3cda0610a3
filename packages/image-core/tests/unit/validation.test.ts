import {
  ImageOptionsError,
  renderVariants,
  validateOptions,
  validateVariants,
  type VariantRequest,
} from '@pipeline/image-core';
import { emptyInput } from '@pipeline/image-core/testing';

function optionsErrorOf(run: () => unknown): ImageOptionsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageOptionsError);
    return error as ImageOptionsError;
  }
  throw new Error('expected an ImageOptionsError');
}

const invalid = (request: unknown): ImageOptionsError =>
  optionsErrorOf(() => validateVariants([request as VariantRequest]));

describe('variant validation', () => {
  it.each([
    [
      { name: 'a', width: -1 },
      'variants[0].width',
      'Expected integer between 1 and 16383 for variants[0].width but received -1 of type number',
    ],
    [{ name: 'a', width: 1.5 }, 'variants[0].width', undefined],
    [{ name: 'a' }, 'variants[0].width', undefined],
    [{ name: 'a', width: 10, fit: 'cover' }, 'variants[0].height', undefined],
    [
      { name: 'a', width: 10, fit: 'outside' },
      'variants[0].fit',
      'Expected one of inside, cover, contain, fill for variants[0].fit but received outside of type string',
    ],
    [{ name: 'a', scale: 0 }, 'variants[0].scale', undefined],
    [{ name: 'a', scale: 1.5 }, 'variants[0].scale', undefined],
    [{ name: 'a', scale: 0.5, width: 10 }, 'variants[0].scale', undefined],
    [{ name: 'a', width: 10, quality: 101 }, 'variants[0].quality', undefined],
    [{ name: 'a', width: 10, format: 'bmp' }, 'variants[0].format', undefined],
    [{ name: 'a', width: 10, background: 'red' }, 'variants[0].background', undefined],
    [{ name: 'a', width: 10, position: 'north' }, 'variants[0].position', undefined],
    [{ name: '../etc', width: 10 }, 'variants[0].name', undefined],
    ['huge', 'variants[0]', undefined],
    [null, 'variants[0]', undefined],
  ])('%j is refused at %s', (request, option, message) => {
    const error = invalid(request);
    expect(error.option).toBe(option);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/^Expected .+ for .+ but received .+ of type \w+$/);
    if (message !== undefined) expect(error.message).toBe(message);
  });

  it('refuses an empty list and duplicate names', () => {
    expect(optionsErrorOf(() => validateVariants([])).option).toBe('variants');
    expect(optionsErrorOf(() => validateVariants(['web', { name: 'web', width: 10 }])).option).toBe(
      'variants[1].name',
    );
  });

  it('applies defaults', () => {
    expect(validateVariants(['thumbnail', { name: 'c', width: 5, height: 5, fit: 'cover' }])).toEqual([
      {
        name: 'thumbnail',
        size: { kind: 'box', width: 256, height: 256, fit: 'inside', position: 'attention' },
        format: 'original',
        quality: undefined,
        background: undefined,
      },
      {
        name: 'c',
        size: { kind: 'box', width: 5, height: 5, fit: 'cover', position: 'attention' },
        format: 'original',
        quality: undefined,
        background: undefined,
      },
    ]);
    expect(validateOptions()).toMatchObject({
      maxPixels: 100_000_000,
      failOn: 'warning',
      animated: false,
      keepMetadata: false,
    });
  });
});

describe('option validation', () => {
  it.each([
    [{ maxPixels: 0 }, 'maxPixels'],
    [{ failOn: 'never' }, 'failOn'],
    [{ allowFormats: ['svg', 'html'] }, 'allowFormats'],
    [{ animated: 'yes' }, 'animated'],
    [{ background: { r: 300, g: 0, b: 0 } }, 'background'],
  ])('%j is refused at %s', (options, option) => {
    expect(optionsErrorOf(() => validateOptions(options as never)).option).toBe(option);
  });

  it('runs before looking at the input', async () => {
    await expect(renderVariants(emptyInput(), [{ name: 'x', width: 0 }])).rejects.toBeInstanceOf(
      ImageOptionsError,
    );
    await expect(renderVariants('not bytes' as never, ['web'])).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      option: 'input',
    });
  });
});
