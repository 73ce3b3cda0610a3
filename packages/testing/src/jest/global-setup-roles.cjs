'use strict';
// The global setup of a suite whose functions run under their synthesized roles (see emulator-lifecycle.ts).
require('tsx/cjs/api').register();
module.exports = require('./emulator-lifecycle.ts').setupEmulatorWithRoles;
