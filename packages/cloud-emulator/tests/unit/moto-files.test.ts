import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MOTO_LAUNCHER, motoChecksNoSignatures } from '../../src/tiers/moto-server.js';

const PACKAGE_DIR = join(__dirname, '..', '..');

describe('the moto patches as files', () => {
  it("are found in this package's moto/ folder from TypeScript compiled to CommonJS (jest)", () => {
    expect(MOTO_LAUNCHER).toBe(join(PACKAGE_DIR, 'moto', 'launcher.py'));
    for (const file of ['launcher.py', 'iam_corrections.py', 'request_costs.py', 'body_store.py'])
      expect(existsSync(join(dirname(MOTO_LAUNCHER), file))).toBe(true);
  });

  it('are found at the same path from TypeScript run as ESM (tsx, as the local cloud runs)', () => {
    const source = join(PACKAGE_DIR, 'src', 'tiers', 'moto-server.ts');
    const printed = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(source)}); process.stdout.write(m.MOTO_LAUNCHER);`,
      ],
      { cwd: PACKAGE_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(printed).toBe(MOTO_LAUNCHER);
  });

  it('mark the command that can enforce IAM: the launcher run by a Python, not moto_server as it is', () => {
    expect(motoChecksNoSignatures(['python3', MOTO_LAUNCHER])).toBe(true);
    expect(motoChecksNoSignatures(['moto_server'])).toBe(false);
  });
});
