// `pnpm build`: artifacts/resize-arm64.zip and artifacts/resize-x86_64.zip (handler `index.handler`),
// each with sharp and libvips for its architecture as real files. LAMBDA_ARCH=arm64|x86_64 builds one.
import { buildLambdaZips, formatBuildResult } from '@pipeline/lambda-packager';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestedArchs, resizeBuildOptions } from './build-options.js';

const appDir = dirname(fileURLToPath(import.meta.url));
const result = await buildLambdaZips(
  resizeBuildOptions(appDir, join(appDir, 'artifacts'), requestedArchs(process.env['LAMBDA_ARCH'])),
);
console.log(formatBuildResult(result));
