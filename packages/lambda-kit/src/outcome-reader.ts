/**
 * Reads outcome records back from a function's log output: the one parser every reader (tests,
 * the local cloud, operations tools) shares, so none of them interprets log lines on its own.
 */
import { CodedError, expectedMessage } from '@pipeline/coded-error';
import {
  OUTCOME_KINDS,
  OUTCOME_LOG_FIELD,
  OUTCOME_SCHEMA,
  SKIP_REASONS,
  type ObjectOutcome,
  type WrittenObject,
} from './outcome.js';

/**
 * A log line that claims to hold an outcome record but does not have its shape; `path` names the
 * field (`outcome.kind`, `outcome.written[0].bytes`).
 */
export class OutcomeRecordError extends CodedError<'OUTCOME_RECORD_MALFORMED'> {
  readonly path: string;

  constructor(field: string, expected: string, received: unknown) {
    const path = `outcome.${field}`;
    super('OUTCOME_RECORD_MALFORMED', expectedMessage(expected, path, received));
    this.path = path;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkWritten(value: unknown): asserts value is WrittenObject[] {
  if (!Array.isArray(value)) throw new OutcomeRecordError('written', 'a list of written objects', value);
  for (const [i, item] of (value as unknown[]).entries()) {
    if (!isObject(item) || typeof item['bucket'] !== 'string' || typeof item['key'] !== 'string')
      throw new OutcomeRecordError(`written[${i}]`, 'an object with its bucket and key', item);
    if (typeof item['bytes'] !== 'number')
      throw new OutcomeRecordError(`written[${i}].bytes`, 'a number', item['bytes']);
  }
}

function checkKindFields(record: Json): void {
  const kind = record['kind'];
  const text = (name: string): void => {
    if (typeof record[name] !== 'string')
      throw new OutcomeRecordError(name, `a string in a ${String(kind)} record`, record[name]);
  };
  if (kind === 'written') text('action');
  if (kind === 'rejected' || kind === 'failed') {
    text('code');
    text('message');
  }
  if (kind === 'failed' && typeof record['retried'] !== 'boolean')
    throw new OutcomeRecordError('retried', 'a boolean in a failed record', record['retried']);
  if (
    kind === 'removed' &&
    !(
      Array.isArray(record['removed']) && (record['removed'] as unknown[]).every((k) => typeof k === 'string')
    )
  )
    throw new OutcomeRecordError('removed', 'a list of keys in a removed record', record['removed']);
  if (kind === 'skipped' && !(SKIP_REASONS as readonly unknown[]).includes(record['reason']))
    throw new OutcomeRecordError('reason', `one of ${SKIP_REASONS.join(', ')}`, record['reason']);
}

/**
 * Checks that `value` is an outcome record and returns it typed.
 *
 * @throws {OutcomeRecordError} naming the first field that is missing or wrong.
 */
export function parseOutcome(value: unknown): ObjectOutcome {
  if (!isObject(value)) throw new OutcomeRecordError('schema', `an object of ${OUTCOME_SCHEMA}`, value);
  if (value['schema'] !== OUTCOME_SCHEMA)
    throw new OutcomeRecordError('schema', JSON.stringify(OUTCOME_SCHEMA), value['schema']);
  if (!(OUTCOME_KINDS as readonly unknown[]).includes(value['kind']))
    throw new OutcomeRecordError('kind', `one of ${OUTCOME_KINDS.join(', ')}`, value['kind']);
  const source = value['source'];
  if (!isObject(source) || typeof source['bucket'] !== 'string' || typeof source['key'] !== 'string')
    throw new OutcomeRecordError('source', 'an object with its bucket and key', source);
  if (typeof value['pipeline'] !== 'string')
    throw new OutcomeRecordError('pipeline', 'a pipeline name', value['pipeline']);
  checkWritten(value['written']);
  checkKindFields(value);
  return value as unknown as ObjectOutcome;
}

function lineObject(line: unknown): Json | undefined {
  if (isObject(line)) return line;
  if (typeof line !== 'string' || !line.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined; // not a JSON log line (a runtime warning, a stack trace)
  }
}

/**
 * Every outcome record among a function's log lines (raw text lines or parsed objects), in order.
 * Lines without the field are skipped; a line whose field claims the schema but is malformed throws.
 *
 * @example const outcomes = outcomesFromLogs(invocation.logs);
 */
export function outcomesFromLogs(lines: readonly unknown[]): ObjectOutcome[] {
  const outcomes: ObjectOutcome[] = [];
  for (const line of lines) {
    const field = lineObject(line)?.[OUTCOME_LOG_FIELD];
    if (isObject(field) && field['schema'] === OUTCOME_SCHEMA) outcomes.push(parseOutcome(field));
  }
  return outcomes;
}
