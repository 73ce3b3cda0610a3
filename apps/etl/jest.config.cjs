const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig({
  // The functions run under their synthesized roles, with IAM enforced where the emulator allows it.
  globalSetup: require.resolve('@pipeline/testing/jest-global-setup-roles'),
  globalTeardown: require.resolve('@pipeline/testing/jest-global-teardown'),
  setupFilesAfterEnv: [require.resolve('@pipeline/testing/jest-role-checks')],
  // hyparquet (the tests' second, pure-JS Parquet reader) ships ES modules only: compile it for jest's CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm|hyparquet)', '/node_modules/\\.pnpm/(?!hyparquet)'],
});
