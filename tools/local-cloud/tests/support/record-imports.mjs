/**
 * `node --import tsx --import ./tests/support/record-imports.mjs ENTRY`: appends the URL of every
 * module the process resolves to the file named by RECORD_IMPORTS_FILE, one a line, so a test can
 * see what a command loaded (process.moduleLoadList names Node's own modules only).
 */
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, {
  data: { file: process.env.RECORD_IMPORTS_FILE },
});
