'use strict';
require('tsx/cjs/api').register();
module.exports = require('./emulator-lifecycle.ts').teardownEmulator;
