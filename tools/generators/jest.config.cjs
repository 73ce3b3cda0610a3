const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig();
