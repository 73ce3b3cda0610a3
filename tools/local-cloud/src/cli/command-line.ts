/**
 * Reads a command's arguments against its declared options, as every local-cloud command does: a
 * leading `--` (what `pnpm start -- ...` passes on) is dropped, `-h` is `--help`, and anything else
 * that is not a declared option with a proper value is a UsageError in the repo's one shape
 * ("Expected X for Y but received Z"), which the command prints with its usage and exits 2.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

/** A command's options, as node:util's parseArgs takes them (each may say what it holds). */
export type OptionSpec = Readonly<
  Record<
    string,
    {
      readonly type: 'string' | 'boolean';
      readonly short?: string;
      readonly multiple?: boolean;
      readonly default?: string | boolean | string[];
    }
  >
>;

/** What parseCommandLine gives for a spec: a string, a boolean, or (`multiple`) the strings given. */
export type ValuesOf<S extends OptionSpec> = {
  readonly [K in keyof S]?: S[K]['multiple'] extends true
    ? string[]
    : S[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** The help option every command has. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** True when the arguments ask for help (`--help` or `-h`), whatever else they hold. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

/** A command's arguments: its options' values, and the positional arguments when it takes any. */
interface CommandLine<S extends OptionSpec> {
  readonly values: ValuesOf<S>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `spec`; throws a UsageError carrying `usage` on anything not declared (a
 * positional argument too, unless the command takes them). Asking for help wins over any mistake
 * beside it: `{ help: true }` alone.
 */
function parseCommandLine<S extends OptionSpec>(
  argv: readonly string[],
  spec: S,
  usage: string,
  takesPositionals: boolean,
): CommandLine<S> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  if (asksForHelp(args)) return { values: { help: true } as unknown as ValuesOf<S>, positionals: [] };
  const { values, positionals, tokens } = parseArgs({
    args,
    options: spec as never,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional' && !takesPositionals)
      throw new UsageError(`Expected one of the options below but received ${token.value}`, usage);
    if (token.kind !== 'option') continue;
    const option = spec[token.name];
    if (option === undefined)
      throw new UsageError(`Expected one of the options below but received ${token.rawName}`, usage);
    if (option.type === 'boolean' && token.value !== undefined)
      throw new UsageError(
        `Expected no value for ${token.rawName} but received ${token.rawName}=${token.value}`,
        usage,
      );
    if (
      option.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
    )
      throw new UsageError(
        `Expected a value for ${token.rawName} but received ${token.value ?? 'nothing'}`,
        usage,
      );
  }
  return { values, positionals };
}

/** Runs an options module's checks, giving any UsageError it throws the command's usage. */
function withUsage<T>(usage: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError && error.usage === undefined) throw new UsageError(error.message, usage);
    throw error;
  }
}

/**
 * A command's options: `argv` read against `spec` (parseCommandLine), then `check`ed into the
 * command's typed options, every UsageError carrying `usage`; 'help' when help was asked for.
 */
export function parseOptions<S extends OptionSpec, T>(
  argv: readonly string[],
  spec: S,
  usage: string,
  check: (values: ValuesOf<S>) => T,
): T | 'help' {
  const { values } = parseCommandLine(argv, spec, usage, false);
  if (values.help === true) return 'help';
  return withUsage(usage, () => check(values));
}

/**
 * parseOptions for a command that also takes operands (`pnpm query -- "SQL"`, `pnpm status --
 * s3://bucket/key`): `check` receives the arguments that are no option, in order, and decides how
 * many it takes.
 */
export function parseOptionsWithOperands<S extends OptionSpec, T>(
  argv: readonly string[],
  spec: S,
  usage: string,
  check: (values: ValuesOf<S>, operands: readonly string[]) => T,
): T | 'help' {
  const { values, positionals } = parseCommandLine(argv, spec, usage, true);
  if (values.help === true) return 'help';
  return withUsage(usage, () => check(values, positionals));
}

/** A path the user gave, relative to the folder they ran pnpm in (`cwd`); absent stays absent. */
export function pathFrom(cwd: string, path: string | undefined): string | undefined {
  return path === undefined ? undefined : isAbsolute(path) ? path : resolve(cwd, path);
}
