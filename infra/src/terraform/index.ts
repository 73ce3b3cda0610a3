export { terraformAvailability, findTerraformBinary, type TerraformAvailability } from './locate.js';
export { cliConfigText, writeCliConfig } from './cli-config.js';
export { providerLockPath, readProviderLock, PROVIDER_LOCK_FILE } from './provider-lock.js';
export {
  runTerraform,
  terraformInit,
  terraformValidate,
  terraformApply,
  terraformDestroy,
  terraformOutputs,
  type TerraformOptions,
} from './run.js';
