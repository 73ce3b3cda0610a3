import { CodedError, expectedMessage } from '@pipeline/coded-error';

/** Every failure infra raises on purpose; callers classify by `code`, never by message text. */
export type InfraErrorCode =
  'INVALID_CONFIG' | 'ARTIFACT_MISSING' | 'TERRAFORM_FAILED' | 'TERRAFORM_UNAVAILABLE' | 'PLAN_CHECK_FAILED';

export class InfraError extends CodedError<InfraErrorCode> {
  constructor(code: InfraErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'InfraError';
  }
}

/**
 * A configuration value is missing or out of range; `field` is its dotted path. The message reads
 * "Expected <expected> for <field> but received <received>".
 */
export class InfraConfigError extends InfraError {
  readonly field: string;

  constructor(field: string, expected: string, received: unknown, options?: { cause?: unknown }) {
    super('INVALID_CONFIG', expectedMessage(expected, field, received), options);
    this.name = 'InfraConfigError';
    this.field = field;
  }
}

/** A Lambda zip the stack needs has not been built. */
export class MissingArtifactError extends InfraError {
  readonly artifactPath: string;

  constructor(artifactPath: string, app: string) {
    super(
      'ARTIFACT_MISSING',
      `Lambda artifact for ${app} not found at ${artifactPath}: run pnpm build (or pnpm --filter @pipeline/${app} build) first`,
    );
    this.name = 'MissingArtifactError';
    this.artifactPath = artifactPath;
  }
}

/** A terraform command exited non-zero; `stderrTail` holds the end of its error output. */
export class TerraformError extends InfraError {
  readonly command: string;
  readonly exitCode: number | null;
  readonly stderrTail: string;

  constructor(command: string, exitCode: number | null, stderrTail: string) {
    super(
      'TERRAFORM_FAILED',
      `terraform ${command} failed with exit code ${String(exitCode)}:\n${stderrTail}`,
    );
    this.name = 'TerraformError';
    this.command = command;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }
}

/** terraform or its provider mirror cannot be found. */
export class TerraformUnavailableError extends InfraError {
  constructor(message: string) {
    super('TERRAFORM_UNAVAILABLE', message);
    this.name = 'TerraformUnavailableError';
  }
}
