/**
 * `pnpm query` run as a user runs it (its entry under tsx, without the test harness's emulator
 * settings): what exits 2 before any engine runs, and says why.
 */
import { tsx } from '../support/command-runs.js';
import { QUERY_USAGE } from '../../src/query/query-options.js';

const ENTRY = 'src/query/query-main.ts';

describe('pnpm query exits 2', () => {
  it('without a query, with the message and the usage', async () => {
    expect(await tsx(ENTRY, ['--env', 'dev'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `Expected one SQL query (in quotes) but received nothing\n\n${QUERY_USAGE}\n`,
    });
  }, 60_000);

  it('for an unknown environment, naming the environments', async () => {
    const run = await tsx(ENTRY, ['--env', 'staging', 'SELECT 1']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe('Expected one of local, dev, prod for --env but received staging\n');
  }, 60_000);

  it('for --env local without AWS_ENDPOINT_URL, saying how to get a local cloud to query', async () => {
    const run = await tsx(ENTRY, ['SELECT 1']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(
      /^--env local queries the local cloud pnpm start deployed to an emulator: set AWS_ENDPOINT_URL/,
    );
  }, 60_000);
});
