import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one run of the CLI printed, and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `pnpm start`'s CLI (src/main.ts under tsx; `script` for another command of the package, such
 * as src/ops/redrive-main.ts) from the package folder `packageDir`, against the emulator at
 * `endpoint`; `echo` passes its stderr through as it comes (the soak's progress).
 */
export function runCli(
  packageDir: string,
  endpoint: string,
  args: readonly string[],
  options: { readonly echo?: boolean; readonly script?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const script = options.script ?? 'src/main.ts';
    const child = spawn(join(packageDir, 'node_modules', '.bin', 'tsx'), [script, ...args], {
      cwd: packageDir,
      env: { ...process.env, AWS_ENDPOINT_URL: endpoint, INIT_CWD: packageDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (options.echo === true) process.stderr.write(c);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
