/**
 * The smoke test's verdicts, as pure functions of what came back: the outcome record of each input
 * (lambda-kit's one record) and what S3 says about each object the record claims.
 */
import type { WrittenObject } from '@pipeline/lambda-kit';
import type { SmokeCsv, SmokeImage, SmokeInput } from './smoke-inputs.js';

/**
 * What came of an input, as the object catalog's item or (where there is no catalog) the function's
 * outcome record says: an outcome record is one as it stands.
 */
export interface SmokeOutcome {
  readonly kind: string;
  readonly written: readonly WrittenObject[];
  /** etl's `rowsRead`, `rowsWritten`, `rowsRejected`. */
  readonly measures?: Readonly<Record<string, number>>;
  readonly code?: string;
  readonly message?: string;
}

/** What S3 holds at a claimed output: its size, and for an image its decoded dimensions. */
export interface ObservedObject {
  readonly bytes: number;
  readonly image?: { readonly format: string; readonly width: number; readonly height: number };
}

export type Observe = (object: WrittenObject) => Promise<ObservedObject | undefined>;

export interface SmokeVerdict {
  readonly input: SmokeInput;
  readonly outcome: SmokeOutcome | undefined;
  readonly problems: readonly string[];
}

/** `in/a.jpg` below `in/`: the part of the key every output key carries. */
function below(key: string): string {
  return key.slice(key.indexOf('smoke/'));
}

/** Every configured variant written once, each a decodable image no larger than the source. */
function resizeProblems(
  input: SmokeImage,
  written: readonly WrittenObject[],
  observed: ReadonlyMap<string, ObservedObject | undefined>,
): string[] {
  const problems: string[] = [];
  for (const variant of input.variants) {
    const matches = written.filter((o) => o.key.includes(`/${variant}/${below(input.key)}`));
    if (matches.length !== 1) {
      problems.push(`variant ${variant}: expected one output but the record lists ${matches.length}`);
      continue;
    }
    const image = observed.get(matches[0]!.key)?.image;
    if (image === undefined) problems.push(`variant ${variant}: ${matches[0]!.key} is not a readable image`);
    else if (image.width > input.width || image.height > input.height || image.width < 1 || image.height < 1)
      problems.push(
        `variant ${variant}: expected at most ${input.width}x${input.height} but received ${image.width}x${image.height}`,
      );
  }
  return problems;
}

/** The rows the CSV holds: read, written and rejected as the record measures them. */
function etlProblems(input: SmokeCsv, outcome: SmokeOutcome): string[] {
  const measures = outcome.measures ?? {};
  const expected = {
    rowsRead: input.rows.read,
    rowsWritten: input.rows.written,
    rowsRejected: input.rows.rejected,
  };
  return Object.entries(expected)
    .filter(([name, value]) => measures[name] !== value)
    .map(([name, value]) => `${name}: expected ${value} but received ${String(measures[name] ?? 'nothing')}`);
}

/** Every object a record claims exists with the size it states. */
function outputProblems(
  written: readonly WrittenObject[],
  observed: ReadonlyMap<string, ObservedObject | undefined>,
): string[] {
  return written.flatMap((object) => {
    const found = observed.get(object.key);
    if (found === undefined) return [`output ${object.bucket}/${object.key} is missing`];
    if (found.bytes !== object.bytes)
      return [`output ${object.key}: expected ${object.bytes} bytes but received ${found.bytes}`];
    return [];
  });
}

/** The verdict on one input: its record must be `written`, its outputs present, its content as expected. */
export async function judge(
  input: SmokeInput,
  outcome: SmokeOutcome | undefined,
  observe: Observe,
): Promise<SmokeVerdict> {
  if (outcome === undefined)
    return { input, outcome, problems: [`no outcome record for ${input.key} before the deadline`] };
  if (outcome.kind !== 'written') {
    const detail =
      outcome.code === undefined
        ? ''
        : ` (${outcome.code}${outcome.message === undefined ? '' : `: ${outcome.message}`})`;
    return { input, outcome, problems: [`expected a written outcome but received ${outcome.kind}${detail}`] };
  }
  const observed = new Map(
    await Promise.all(outcome.written.map(async (o) => [o.key, await observe(o)] as const)),
  );
  const problems = [
    ...outputProblems(outcome.written, observed),
    ...(input.pipeline === 'resize'
      ? resizeProblems(input, outcome.written, observed)
      : etlProblems(input, outcome)),
  ];
  return { input, outcome, problems };
}
