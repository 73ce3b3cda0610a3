import { CodedError } from '@pipeline/coded-error';

/** Lambda's two architectures, spelled as Lambda spells them. */
export type LambdaArch = 'arm64' | 'x86_64';

export const LAMBDA_ARCHS: readonly LambdaArch[] = ['arm64', 'x86_64'];

/** Node's `process.arch` / npm's `cpu` for a Lambda architecture. */
export function npmCpu(arch: LambdaArch): 'arm64' | 'x64' {
  return arch === 'arm64' ? 'arm64' : 'x64';
}

/** One file of an artifact: its path inside the zip (forward slashes, relative) and its bytes. */
export interface ArtifactFile {
  readonly path: string;
  readonly data: Buffer;
}

/** A packaging mistake: missing native package, wrong architecture, clashing paths. */
export class PackagingError extends CodedError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PackagingError';
  }
}
