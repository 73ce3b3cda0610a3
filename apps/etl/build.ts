// `pnpm build`: the deterministic Lambda zips (artifacts/etl-arm64.zip, artifacts/etl-x86_64.zip),
// each carrying DuckDB's native binding for its own architecture as real files.
import { buildLambdaZips, formatBuildResult } from '@pipeline/lambda-packager';

const result = await buildLambdaZips({
  entry: 'src/handler.ts',
  outDir: 'artifacts',
  name: 'etl',
  nativePackages: ['@duckdb/node-api'],
});
console.log(formatBuildResult(result));
