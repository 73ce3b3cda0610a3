import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildLambdaZips, type LambdaArch } from '@pipeline/lambda-packager';

const APP_DIR = join(__dirname, '..', '..');

/** The zip `pnpm build` writes for `arch`; built here first when the test runs without turbo's build. */
export async function builtZip(arch: LambdaArch): Promise<string> {
  const path = join(APP_DIR, 'artifacts', `etl-${arch}.zip`);
  if (!existsSync(path))
    await buildLambdaZips({
      entry: join(APP_DIR, 'src/handler.ts'),
      outDir: join(APP_DIR, 'artifacts'),
      name: 'etl',
      nativePackages: ['@duckdb/node-api'],
    });
  return path;
}
