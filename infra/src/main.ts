/** cdktf entry point (cdktf.json `app`): one stack per environment into cdktf.out. */
import { InfraError } from './errors.js';
import { synthesize } from './synth.js';

try {
  synthesize();
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  // A configuration or artifact problem: one clear line, no stack trace.
  console.error(`synth failed (${error.code}): ${error.message}`);
  process.exit(1);
}
