import { parseCliOptions, UsageError } from '../src/cli-options.js';

describe('pnpm start options', () => {
  it('defaults to the demo with a 300 s timeout', () => {
    expect(parseCliOptions([], '/work')).toEqual({
      inputDir: undefined,
      outDir: undefined,
      watch: false,
      json: false,
      timeoutSeconds: 300,
    });
  });

  it('resolves --input and --out against the folder the user ran pnpm in, after a leading --', () => {
    expect(
      parseCliOptions(['--', '--input', 'photos', '--out', '/tmp/out', '--json'], '/home/me'),
    ).toMatchObject({
      inputDir: '/home/me/photos',
      outDir: '/tmp/out',
      json: true,
    });
  });

  it('refuses unknown flags, a bad timeout and --watch with --input, with the usage', () => {
    expect(() => parseCliOptions(['--inptu', 'x'], '/')).toThrow(UsageError);
    expect(() => parseCliOptions(['--timeout', '-3'], '/')).toThrow(/--timeout/);
    expect(() => parseCliOptions(['--watch', '--input', 'x'], '/')).toThrow(/--watch and --input/);
  });

  it('answers --help', () => {
    expect(parseCliOptions(['--help'], '/')).toBe('help');
  });
});
