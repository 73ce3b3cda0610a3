/**
 * Where a stack keeps its state: a local file for `local`, S3 with native lockfile locking
 * (Terraform >= 1.10, no DynamoDB table) for shared environments.
 */
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { BackendConfig } from '../config/index.js';

/** A relative local state path resolves against the stack's terraform working directory (cdktf.out/stacks/<stack>). */
export function configureBackend(stack: TerraformStack, backend: BackendConfig): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: backend.path });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
  });
  // cdktf 0.21's S3BackendConfig predates `use_lockfile`; the override writes it into the backend block.
  s3.addOverride('use_lockfile', true);
}
