import {
  LAMBDA_ARCHS,
  PackagingError,
  type LambdaArch,
  type LambdaBuildOptions,
} from '@pipeline/lambda-packager';
import { join } from 'node:path';

/** Artifact names: `artifacts/resize-<arch>.zip`. */
const ARTIFACT_NAME = 'resize';

/** The architectures to build: both, or the one `LAMBDA_ARCH` names (`arm64` | `x86_64`). */
export function requestedArchs(value: string | undefined): readonly LambdaArch[] {
  if (value === undefined || value === '') return LAMBDA_ARCHS;
  if (!(LAMBDA_ARCHS as readonly string[]).includes(value)) {
    throw new PackagingError(
      'INVALID_ARCH',
      `Expected one of ${LAMBDA_ARCHS.join(', ')} for LAMBDA_ARCH but received ${JSON.stringify(value)}`,
    );
  }
  return [value as LambdaArch];
}

/**
 * How the resize zips are built; shared by build.ts and the artifact test that rebuilds them
 * to prove the build is deterministic and the shipped zips are current.
 */
export function resizeBuildOptions(
  appDir: string,
  outDir: string,
  archs: readonly LambdaArch[] = LAMBDA_ARCHS,
): LambdaBuildOptions {
  return {
    entry: join(appDir, 'src/handler.ts'),
    outDir,
    name: ARTIFACT_NAME,
    archs,
    nativePackages: ['sharp'],
  };
}

/** Where `pnpm build` puts a zip. */
export function artifactPath(appDir: string, arch: LambdaArch): string {
  return join(appDir, 'artifacts', `${ARTIFACT_NAME}-${arch}.zip`);
}
