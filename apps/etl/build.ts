// `pnpm build`: the deterministic Lambda zips (artifacts/etl-arm64.zip, artifacts/etl-x86_64.zip).
// The pipeline is pure JavaScript (Papa Parse, hyparquet-writer): no native package to carry.
import { buildLambdaZips, formatBuildResult } from '@pipeline/lambda-packager';

const result = await buildLambdaZips({ entry: 'src/handler.ts', outDir: 'artifacts', name: 'etl' });
console.log(formatBuildResult(result));
