import { CodedError, expectedMessage } from '@pipeline/coded-error';

/** The DATASETS value is malformed; `path` names the offending field. */
export class DatasetConfigError extends CodedError<'DATASET_CONFIG_INVALID'> {
  readonly path: string;
  /** What the field should hold, as the message says it. */
  readonly expected: string;
  readonly received: unknown;

  /** Reads "Expected <expected> for <path> but received <received>". */
  constructor(path: string, expected: string, received: unknown) {
    super('DATASET_CONFIG_INVALID', expectedMessage(expected, path, received));
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}
