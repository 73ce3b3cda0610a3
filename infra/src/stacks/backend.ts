/**
 * Where a stack keeps its state: a local file for `local`, S3 with native lockfile locking
 * (Terraform >= 1.10, no DynamoDB table) for shared environments.
 */
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import path from 'node:path';
import type { BackendConfig } from '../config/index.js';

export function configureBackend(stack: TerraformStack, backend: BackendConfig, infraRoot: string): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: path.resolve(infraRoot, backend.path) });
    return;
  }
  const s3 = new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true, kmsKeyId: backend.kmsKeyId });
  // cdktf 0.21's S3BackendConfig predates `use_lockfile`; the override writes it into the backend block.
  s3.addOverride('use_lockfile', true);
}
