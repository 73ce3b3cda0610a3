import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one run of the CLI printed, and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** An emulator to adopt; absent: the CLI starts its own moto (and enforces IAM), as `pnpm start` does. */
  readonly endpoint?: string;
  /** Pass its stderr through as it comes (the soak's progress). */
  readonly echo?: boolean;
  /** Called with the child's pid once it runs (the soak samples its process tree). */
  readonly onStart?: (pid: number) => void;
  /** Called with each chunk of its stderr. */
  readonly onStderr?: (text: string) => void;
  /**
   * Run it in a process group of its own, so that a Ctrl-C at the terminal reaches it only as the
   * caller forwards it (once: a second SIGINT would make it stop at once, before closing its emulator).
   */
  readonly ownProcessGroup?: boolean;
  /** Another command of the package to run instead of src/cli/start-main.ts (src/ops/redrive-main.ts, ...). */
  readonly script?: string;
}

/** Runs `pnpm start`'s CLI (src/cli/start-main.ts under tsx, or `script`) from the package folder `packageDir`. */
export function runCli(
  packageDir: string,
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: packageDir };
  // The test harness points its own processes at its emulator; the CLI starts its own unless given one.
  delete env.AWS_ENDPOINT_URL;
  delete env.PIPELINE_EMULATOR;
  if (options.endpoint !== undefined) env.AWS_ENDPOINT_URL = options.endpoint;
  return new Promise((resolve) => {
    const script = options.script ?? 'src/cli/start-main.ts';
    const child = spawn(join(packageDir, 'node_modules', '.bin', 'tsx'), [script, ...args], {
      cwd: packageDir,
      env,
      detached: options.ownProcessGroup === true,
    });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(c.toString());
      if (options.echo === true) process.stderr.write(c);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
