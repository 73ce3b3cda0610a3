import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedS3Call } from './s3-call-record.js';

/**
 * Every S3 call the functions made under their roles in this test file (one jest module registry),
 * and the denials not yet reported. The jest setup file (jest/role-checks.ts) fails a test that got
 * an AccessDenied, and writes the calls for the run's call table.
 */
const calls: ObservedS3Call[] = [];
let unreported: ObservedS3Call[] = [];
let denialsExpected = false;

export function recordRoleCall(call: ObservedS3Call): void {
  calls.push(call);
  if (call.result === 'denied') unreported.push(call);
}

/** The current test is expected to be denied (a grant known to be missing): its denials are not reported. */
export function expectDenialsInThisTest(): void {
  denialsExpected = true;
}

function describeDenial(call: ObservedS3Call): string {
  const missing = call.permissions.filter((permission) => !permission.granted);
  const needs = (missing.length > 0 ? missing : call.permissions)
    .map((permission) => `${permission.action} on ${permission.resource}`)
    .join(', ');
  const verdict =
    missing.length > 0 ? 'which its synthesized policy does not grant' : 'which the emulator refused';
  return `  ${call.call} ${call.target} needs ${needs}, ${verdict}`;
}

/** A mark in the record, to forget what a test's own probe adds after it (see {@link forgetSince}). */
export function activityMark(): { readonly calls: number; readonly denials: number } {
  return { calls: calls.length, denials: unreported.length };
}

/**
 * Forgets the calls and denials recorded since `mark`: a test's probe of the role (asserted by the
 * test itself), which is neither a denial to report nor a call the function made.
 */
export function forgetSince(mark: { readonly calls: number; readonly denials: number }): void {
  calls.splice(mark.calls);
  unreported = unreported.slice(0, mark.denials);
}

/**
 * A report of the AccessDenied answers since the last call, or undefined when there were none (or the
 * test expected them). Clears both.
 */
export function takeDenialReport(): string | undefined {
  const denials = unreported;
  const expected = denialsExpected;
  unreported = [];
  denialsExpected = false;
  if (denials.length === 0 || expected) return undefined;
  const functions = [...new Set(denials.map((call) => call.functionName))].join(', ');
  return [
    `AccessDenied: ${functions} ran under its synthesized role and was denied ${denials.length} S3 call(s):`,
    ...denials.map(describeDenial),
    'Grant it in infra (the policy is read from infra/cdktf.out after `pnpm synth`); never widen a policy in a test.',
  ].join('\n');
}

/** Every call recorded in this test file so far. */
export function observedCalls(): readonly ObservedS3Call[] {
  return calls;
}

/** Writes this file's calls into `dir` (one fragment per test file; the global teardown merges them). */
export function writeCallFragment(dir: string): void {
  if (calls.length === 0) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`), JSON.stringify(calls));
}
