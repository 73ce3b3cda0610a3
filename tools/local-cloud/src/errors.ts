import { CodedError } from '@pipeline/coded-error';

/**
 * The local cloud's errors, coded like infra's InfraError: `main` turns each into one clear line and
 * an exit code by its `code`, never by its message.
 */
export type LocalCloudErrorCode =
  'USAGE' | 'COULD_NOT_START' | 'ARTIFACT_MISMATCH' | 'DEPLOYMENT_UNREADABLE' | 'ROLE_UNAVAILABLE';

export class LocalCloudError extends CodedError<LocalCloudErrorCode> {}

/** A bad command line or input folder; `usage` is the command's usage, printed after the message. */
export class UsageError extends LocalCloudError {
  readonly usage: string | undefined;

  constructor(message: string, usage?: string) {
    super('USAGE', message);
    this.usage = usage;
  }
}

/** What the command needs is not there (an emulator, terraform, a valid configuration): `cause` says why. */
export class CouldNotStartError extends LocalCloudError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('COULD_NOT_START', message, options);
  }
}

/** The deployed code is not what a local zip holds: running it would run something else. */
export class ArtifactMismatchError extends LocalCloudError {
  constructor(message: string) {
    super('ARTIFACT_MISMATCH', message);
  }
}

/** The emulator or terraform state does not describe the deployment as the stack declared it. */
export class DeploymentReadError extends LocalCloudError {
  constructor(message: string) {
    super('DEPLOYMENT_UNREADABLE', message);
  }
}

/** A function's deployed role could not be assumed where IAM is enforced: it could not run as deployed. */
export class RoleUnavailableError extends LocalCloudError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ROLE_UNAVAILABLE', message, options);
  }
}
