/** The DATASETS value is malformed; `path` names the offending field. */
export class DatasetConfigError extends Error {
  readonly code = 'DATASET_CONFIG_INVALID';
  readonly path: string;

  /** Reads "Expected <expected> for <path> but received <received>". */
  constructor(path: string, expected: string, received: unknown) {
    super(`Expected ${expected} for ${path} but received ${describeReceived(received)}`);
    this.name = 'DatasetConfigError';
    this.path = path;
  }
}

/** A received value as a message shows it: JSON where it has one, else its string form. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
