export {
  buildLambdaZip,
  buildLambdaZips,
  formatBuildResult,
  type LambdaArtifact,
  type LambdaBuildOptions,
  type LambdaBuildResult,
} from './build.js';
export { bundleHandler, packagesOf, type Bundle, type BundleOptions } from './bundle.js';
export { elfMachine, elfMachineFor } from './elf.js';
export { collectNativeFiles, type NativePackage } from './native.js';
export { LAMBDA_ARCHS, npmCpu, PackagingError, type ArtifactFile, type LambdaArch } from './types.js';
export {
  entryData,
  extractZip,
  inspectZip,
  readZipEntry,
  unpackArtifact,
  zipEntries,
  zipEntriesOf,
  type ZipEntry,
  type UnpackedArtifact,
  type ZipInspection,
} from './zip-read.js';
export { findWorkspaceRoot } from './workspace-root.js';
export { deterministicZip, sha256, writeDeterministicZip } from './zip-write.js';
