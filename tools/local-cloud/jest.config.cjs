const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig({
  globalSetup: require.resolve('@pipeline/testing/jest-global-setup'),
  globalTeardown: require.resolve('@pipeline/testing/jest-global-teardown'),
});
