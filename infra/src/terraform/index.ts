export { terraformAvailability, findTerraformBinary, type TerraformAvailability } from './locate.js';
export { cliConfigText, writeCliConfig } from './cli-config.js';
export {
  installProviderLock,
  providerLockPath,
  readProviderLock,
  PROVIDER_LOCK_FILE,
  type LockedProvider,
} from './provider-lock.js';
export {
  runTerraform,
  runTerraformUnchecked,
  terraformInit,
  terraformValidate,
  terraformPlan,
  terraformApply,
  terraformDestroy,
  terraformOutputs,
  type TerraformOptions,
  type TerraformResult,
} from './run.js';
