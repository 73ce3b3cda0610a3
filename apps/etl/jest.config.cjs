const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig({
  globalSetup: require.resolve('@pipeline/testing/jest-global-setup'),
  globalTeardown: require.resolve('@pipeline/testing/jest-global-teardown'),
  // hyparquet (the tests' second, pure-JS Parquet reader) ships ES modules only: compile it for jest's CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm|hyparquet)', '/node_modules/\\.pnpm/(?!hyparquet)'],
});
