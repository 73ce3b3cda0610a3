/** `pnpm query`'s command line: one SQL argument, --env (local by default) and --json. */
import { UsageError } from '../../src/errors.js';
import { parseQueryOptions, QUERY_USAGE } from '../../src/query/query-options.js';

describe('parseQueryOptions', () => {
  it('reads the SQL after the options, with --env local by default', () => {
    expect(parseQueryOptions(['--', 'SELECT 1'])).toEqual({ env: 'local', json: false, sql: 'SELECT 1' });
    expect(parseQueryOptions(['--env', 'dev', '--json', 'SELECT * FROM orders'])).toEqual({
      env: 'dev',
      json: true,
      sql: 'SELECT * FROM orders',
    });
    expect(parseQueryOptions(['SELECT 2', '--env=prod'])).toMatchObject({ env: 'prod', sql: 'SELECT 2' });
  });

  it('answers help before any mistake', () => {
    expect(parseQueryOptions(['--bogus', '-h'])).toBe('help');
  });

  it.each([
    [[], 'Expected one SQL query (in quotes) but received nothing'],
    [['SELECT 1', 'FROM orders'], 'Expected one SQL query (in quotes) but received 2 arguments'],
    [['  '], 'Expected one SQL query (in quotes) but received an empty one'],
    [['--env', '', 'SELECT 1'], 'Expected an environment for --env but received ""'],
    [['--json=yes', 'SELECT 1'], 'Expected no value for --json but received --json=yes'],
    [['--limit', '3', 'SELECT 1'], 'Expected one of the options below but received --limit'],
  ])('%j is a usage error with the usage: %s', (argv, message) => {
    let thrown: unknown;
    try {
      parseQueryOptions(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toMatchObject({ message, usage: QUERY_USAGE });
  });
});
