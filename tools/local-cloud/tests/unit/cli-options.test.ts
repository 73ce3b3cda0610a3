import { thrownBy } from '@pipeline/testing';
import { parseCliOptions, USAGE, UsageError } from '../../src/cli/cli-options.js';

describe('pnpm start options', () => {
  it('defaults to the demo with a 300 s timeout', () => {
    expect(parseCliOptions([], '/work')).toEqual({
      inputDir: undefined,
      outDir: undefined,
      watch: false,
      json: false,
      timeoutSeconds: 300,
      injectFault: undefined,
      chaosSeed: undefined,
      faultRate: undefined,
      concurrency: 4,
      cost: false,
      budget: false,
      pricesFile: undefined,
      deny: [],
      reportFile: undefined,
    });
  });

  it('reads --report FILE against the folder the user ran pnpm in, and refuses it with --watch or in a missing folder', () => {
    expect(parseCliOptions(['--report', 'run.html'], '/tmp')).toMatchObject({ reportFile: '/tmp/run.html' });
    expect(() => parseCliOptions(['--report', 'run.html', '--watch'], '/tmp')).toThrow(/--watch/);
    expect(() => parseCliOptions(['--report', 'no-such-folder/run.html'], '/tmp')).toThrow(
      /Expected a file in an existing folder for --report but received no-such-folder\/run.html/,
    );
  });

  it('reads each --deny as PIPELINE=ACTION[@KEY-PREFIX], and refuses one without an action', () => {
    expect(
      parseCliOptions(['--deny', 'copy=s3:PutObject@copies/private/', '--deny', 'etl=s3:GetObject'], '/'),
    ).toMatchObject({
      deny: [
        { pipeline: 'copy', action: 's3:PutObject', keyPrefix: 'copies/private/' },
        { pipeline: 'etl', action: 's3:GetObject', keyPrefix: undefined },
      ],
    });
    expect(() => parseCliOptions(['--deny', 'copy'], '/')).toThrow(/PIPELINE=ACTION/);
    expect(() => parseCliOptions(['--deny', 'copy=PutObject'], '/')).toThrow(UsageError);
  });

  it('reads --chaos, --fault-rate and --concurrency, and refuses a rate outside 0..1 or without --chaos', () => {
    expect(
      parseCliOptions(['--chaos', 's1', '--fault-rate', '0.2', '--concurrency', '3'], '/'),
    ).toMatchObject({
      chaosSeed: 's1',
      faultRate: 0.2,
      concurrency: 3,
    });
    expect(() => parseCliOptions(['--chaos', 's1', '--fault-rate', '1.5'], '/')).toThrow(/--fault-rate/);
    expect(() => parseCliOptions(['--fault-rate', '0.1'], '/')).toThrow(/--chaos/);
    expect(() => parseCliOptions(['--concurrency', '0'], '/')).toThrow(/--concurrency/);
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
    expect(() => parseCliOptions(['--timeout', '-3'], '/')).toThrow(
      'Expected a positive number of seconds for --timeout but received -3',
    );
    expect(() => parseCliOptions(['--watch', '--input', 'x'], '/')).toThrow(/--watch and --input/);
    for (const argv of [
      ['--inptu', 'x'],
      ['--timeout', '-3'],
      ['--watch', '--input', 'x'],
    ])
      expect(thrownBy(UsageError, () => parseCliOptions(argv, '/')).usage).toBe(USAGE);
  });

  it('says what it expected and what it received: unknown flags, missing values, values on switches, words', () => {
    expect(() => parseCliOptions(['--inptu', 'x'], '/')).toThrow(
      'Expected one of the options below but received --inptu',
    );
    expect(() => parseCliOptions(['--input'], '/')).toThrow(
      'Expected a value for --input but received nothing',
    );
    expect(() => parseCliOptions(['--input', '--json'], '/')).toThrow(
      'Expected a value for --input but received --json',
    );
    expect(() => parseCliOptions(['--json=yes'], '/')).toThrow(
      'Expected no value for --json but received --json=yes',
    );
    expect(() => parseCliOptions(['photos'], '/')).toThrow(
      'Expected one of the options below but received photos',
    );
    expect(() => parseCliOptions(['--concurrency', 'two'], '/')).toThrow(
      'Expected a positive integer for --concurrency but received two',
    );
  });

  it('reads --cost and --budget, which need a run with an end (not --watch)', () => {
    expect(parseCliOptions(['--', '--cost', '--budget'], '/')).toMatchObject({ cost: true, budget: true });
    expect(() => parseCliOptions(['--watch', '--budget'], '/')).toThrow(/--watch/);
  });

  it('answers --help and -h, whatever else is given', () => {
    expect(parseCliOptions(['--help'], '/')).toBe('help');
    expect(parseCliOptions(['--', '-h'], '/')).toBe('help');
    expect(parseCliOptions(['--timeout', '-3', '--bogus', '-h'], '/')).toBe('help');
  });
});
