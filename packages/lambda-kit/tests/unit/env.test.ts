import {
  bucketName,
  commaList,
  ConfigError,
  createLogger,
  jsonValue,
  keyPrefix,
  maybeString,
  oneOf,
  optionalOneOf,
  optionalString,
  positiveInt,
  requiredString,
} from '../../src/index.js';
import { thrownBy } from '@pipeline/testing';

describe('environment readers', () => {
  it('reads required and optional strings, treating empty as unset', () => {
    expect(requiredString('A', { A: ' x ' })).toBe('x');
    expect(optionalString('A', 'd', {})).toBe('d');
    expect(optionalString('A', 'd', { A: '' })).toBe('d');
    expect(maybeString('A', {})).toBeUndefined();
    const error = thrownBy(ConfigError, () =>
      requiredString('DESTINATION_BUCKET', { DESTINATION_BUCKET: '  ' }),
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', variable: 'DESTINATION_BUCKET' });
    expect(error.message).toBe('Expected a non-empty value for DESTINATION_BUCKET but received "  "');
  });

  it('reads positive integers and names the variable when malformed', () => {
    expect(positiveInt('N', undefined, { N: '8388608' })).toBe(8388608);
    expect(positiveInt('N', 5, {})).toBe(5);
    for (const bad of ['0', '-1', '1.5', '1e3', 'ten', '99999999999999999999']) {
      const error = thrownBy(ConfigError, () =>
        positiveInt('MULTIPART_PART_SIZE_BYTES', undefined, { MULTIPART_PART_SIZE_BYTES: bad }),
      );
      expect(error.variable).toBe('MULTIPART_PART_SIZE_BYTES');
      expect(error.message).toContain(JSON.stringify(bad));
    }
    expect(thrownBy(ConfigError, () => positiveInt('N', undefined, {})).message).toBe(
      'Expected a positive integer for N but received nothing',
    );
  });

  it('reads enumerations', () => {
    expect(oneOf('SSE', ['AES256', 'aws:kms'] as const, undefined, { SSE: 'aws:kms' })).toBe('aws:kms');
    expect(optionalOneOf('SSE', ['AES256'] as const, {})).toBeUndefined();
    const error = thrownBy(ConfigError, () =>
      oneOf('DESTINATION_SSE', ['AES256', 'aws:kms'] as const, undefined, { DESTINATION_SSE: 'des' }),
    );
    expect(error.message).toBe('Expected one of AES256, aws:kms for DESTINATION_SSE but received "des"');
  });

  it('reads lists, JSON, prefixes and bucket names', () => {
    expect(commaList('V', ['a'], {})).toEqual(['a']);
    expect(commaList('V', [], { V: ' web, ,mobile ' })).toEqual(['web', 'mobile']);
    expect(thrownBy(ConfigError, () => commaList('VARIANTS', [], { VARIANTS: ' , ' })).variable).toBe(
      'VARIANTS',
    );
    expect(jsonValue('J', undefined, { J: '{"a":1}' })).toEqual({ a: 1 });
    expect(
      thrownBy(ConfigError, () => jsonValue('DATASETS', undefined, { DATASETS: '{a:1}' })).cause,
    ).toBeInstanceOf(SyntaxError);
    expect(keyPrefix('P', 'variants', {})).toBe('variants/');
    expect(keyPrefix('P', 'x', { P: '' })).toBe('');
    expect(keyPrefix('P', '', { P: 'in/raw' })).toBe('in/raw/');
    expect(bucketName('B', { B: 'my-bucket.1' })).toBe('my-bucket.1');
    for (const bad of ['My_Bucket', 'ab', 'a..b', '-abc'])
      expect(thrownBy(ConfigError, () => bucketName('B', { B: bad })).variable).toBe('B');
  });

  it('validates LOG_LEVEL when creating the logger', () => {
    expect(createLogger('svc', { LOG_LEVEL: 'debug' }).getLevelName()).toBe('DEBUG');
    expect(createLogger('svc', {}).getLevelName()).toBe('INFO');
    expect(thrownBy(ConfigError, () => createLogger('svc', { LOG_LEVEL: 'LOUD' })).variable).toBe(
      'LOG_LEVEL',
    );
  });
});
