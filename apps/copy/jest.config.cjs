const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig({
  // The functions run under their synthesized roles, with IAM enforced where the emulator allows it.
  globalSetup: require.resolve('@pipeline/testing/jest-global-setup-roles'),
  globalTeardown: require.resolve('@pipeline/testing/jest-global-teardown'),
  setupFilesAfterEnv: [require.resolve('@pipeline/testing/jest-role-checks')],
});
