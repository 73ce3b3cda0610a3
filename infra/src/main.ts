/** cdktf entry point (cdktf.json `app`): one stack per environment into cdktf.out. */
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import { InfraError } from './errors.js';
import { synthesize } from './synth.js';
import { providerLockPath } from './terraform/provider-lock.js';

try {
  // Each stack directory gets the committed provider lock, so terraform init verifies against it.
  synthesize({ providerLock: providerLockPath(findWorkspaceRoot()) });
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  // A configuration or artifact problem: one clear line, no stack trace.
  console.error(`synth failed (${error.code}): ${error.message}`);
  process.exit(1);
}
