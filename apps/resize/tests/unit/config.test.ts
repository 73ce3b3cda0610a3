import { ConfigError } from '@pipeline/lambda-kit';
import { thrownBy } from '@pipeline/testing';
import { DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_INPUT_PIXELS, loadConfig } from '../../src/config.js';

const base = { DESTINATION_BUCKET: 'images-out' };

describe('loadConfig', () => {
  it('applies the documented defaults and freezes the result', () => {
    const config = loadConfig(base);
    expect(config).toEqual({
      destinationBucket: 'images-out',
      sourcePrefix: '',
      outputPrefix: 'variants/',
      rejectedPrefix: 'rejected/',
      variants: ['thumbnail', 'mobile', 'tablet', 'web'],
      maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
      maxInputPixels: DEFAULT_MAX_INPUT_PIXELS,
      ownPrefixes: ['variants/', 'rejected/'],
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.variants)).toBe(true);
  });

  it('reads every variable, normalizing prefixes to folder form', () => {
    const config = loadConfig({
      ...base,
      SOURCE_PREFIX: '/uploads',
      OUTPUT_PREFIX: 'out/v/',
      REJECTED_PREFIX: 'out/bad',
      VARIANTS: ' web , half,thumbnail ',
      MAX_INPUT_BYTES: '1048576',
      MAX_INPUT_PIXELS: '4000000',
    });
    expect(config).toMatchObject({
      sourcePrefix: 'uploads/',
      outputPrefix: 'out/v/',
      rejectedPrefix: 'out/bad/',
      variants: ['web', 'half', 'thumbnail'],
      maxInputBytes: 1_048_576,
      maxInputPixels: 4_000_000,
      ownPrefixes: ['out/v/', 'out/bad/'],
    });
  });

  it.each([
    [{}, 'DESTINATION_BUCKET', /non-empty value/],
    [{ ...base, DESTINATION_BUCKET: 'Not_A_Bucket' }, 'DESTINATION_BUCKET', /bucket name/],
    [{ ...base, VARIANTS: 'thumbnail,poster' }, 'VARIANTS', /poster/],
    [{ ...base, VARIANTS: 'web,web' }, 'VARIANTS', /each preset name once.*"web,web"/],
    [{ ...base, VARIANTS: ' , ' }, 'VARIANTS', /at least one/],
    [{ ...base, MAX_INPUT_BYTES: '10MB' }, 'MAX_INPUT_BYTES', /positive integer/],
    [{ ...base, MAX_INPUT_PIXELS: '0' }, 'MAX_INPUT_PIXELS', /positive integer/],
    [{ ...base, OUTPUT_PREFIX: '' }, 'OUTPUT_PREFIX', /non-empty prefix/],
    [{ ...base, REJECTED_PREFIX: '/' }, 'REJECTED_PREFIX', /non-empty prefix/],
    [{ ...base, OUTPUT_PREFIX: 'out', REJECTED_PREFIX: 'out/rejected' }, 'REJECTED_PREFIX', /overlap/],
  ])('refuses %j naming %s', (env, variable, problem) => {
    const error = thrownBy(ConfigError, () => loadConfig(env as Record<string, string>));
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(new RegExp(`^Expected .+ for ${variable} but received `));
    expect(error.message).toMatch(problem);
  });
});
