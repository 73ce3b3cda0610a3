// `pnpm build`: writes artifacts/copy-arm64.zip and artifacts/copy-x86_64.zip (deterministic).
import { join } from 'node:path';
import { buildLambdaZips, formatBuildResult } from '@pipeline/lambda-packager';

/** The issue's budget for this function's zip. */
const MAX_ZIP_BYTES = 1024 * 1024;

const appDir = import.meta.dirname;
const result = await buildLambdaZips({
  entry: join(appDir, 'src/handler.ts'),
  outDir: join(appDir, 'artifacts'),
  name: 'copy',
});
console.log(formatBuildResult(result));
const oversized = result.artifacts.filter((artifact) => artifact.bytes > MAX_ZIP_BYTES);
if (oversized.length > 0) {
  console.error(
    `copy zip over ${MAX_ZIP_BYTES} bytes: ${oversized.map((a) => `${a.arch} ${a.bytes}`).join(', ')}`,
  );
  process.exitCode = 1;
}
