const { jestConfig } = require('@pipeline/jest-config');

// Unit tests only: the contract is pure validation.
module.exports = jestConfig();
