/**
 * What a pull request's plan job saves for one environment, and what the deploy job compares with:
 * terraform's JSON plan, the synthesized stack (cdk.tf.json) and the SHA-256 of every zip the stack
 * deploys. One folder, three files, written and read only here.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PlanCheckError } from './errors.js';
import { parsePlan, type JsonValue, type TerraformPlan } from './plan-json.js';

const PLAN_FILE = 'plan.json';
const STACK_FILE = 'cdk.tf.json';
const ZIPS_FILE = 'zips.sha256.json';

/** A deployed zip: by its place in the stack without cdktf's content-hash folder (`assets/copy_code/copy-arm64.zip`). */
export type ZipDigests = Readonly<Record<string, string>>;

export interface PlanSnapshot {
  readonly plan: TerraformPlan;
  /** The synthesized stack without cdktf's `//` metadata. */
  readonly stack: JsonValue;
  readonly zips: ZipDigests;
}

/** Reads a snapshot straight from a synthesized stack directory and the JSON plan made in it. */
export function snapshotOfStack(stackDir: string, planJsonPath: string): PlanSnapshot {
  return {
    plan: parsePlan(readText(planJsonPath), planJsonPath),
    stack: withoutMetadata(readJson(path.join(stackDir, STACK_FILE))),
    zips: zipDigests(stackDir),
  };
}

/** Saves what was reviewed into `outDir` (the PR job uploads that folder as an artifact). */
export function saveReviewedArtifact(stackDir: string, planJsonPath: string, outDir: string): PlanSnapshot {
  const snapshot = snapshotOfStack(stackDir, planJsonPath);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(planJsonPath, path.join(outDir, PLAN_FILE));
  copyFileSync(path.join(stackDir, STACK_FILE), path.join(outDir, STACK_FILE));
  writeFileSync(path.join(outDir, ZIPS_FILE), `${JSON.stringify(snapshot.zips, null, 2)}\n`);
  return snapshot;
}

export function loadReviewedArtifact(dir: string): PlanSnapshot {
  const zips = readJson(path.join(dir, ZIPS_FILE));
  if (
    typeof zips !== 'object' ||
    zips === null ||
    Array.isArray(zips) ||
    !Object.values(zips).every((v) => typeof v === 'string')
  )
    throw new PlanCheckError(
      `Expected an object of SHA-256 digests in ${path.join(dir, ZIPS_FILE)} but received ${JSON.stringify(zips).slice(0, 80)}`,
    );
  return {
    plan: parsePlan(readText(path.join(dir, PLAN_FILE)), path.join(dir, PLAN_FILE)),
    stack: withoutMetadata(readJson(path.join(dir, STACK_FILE))),
    zips: zips as ZipDigests,
  };
}

/** SHA-256 (hex) of every zip under the stack's `assets/`, keyed without the content-hash folder. */
function zipDigests(stackDir: string): ZipDigests {
  const assets = path.join(stackDir, 'assets');
  if (!existsSync(assets)) return {};
  const entries = filesUnder(assets)
    .filter((file) => file.endsWith('.zip'))
    .map((file) => {
      const relative = path.relative(stackDir, file).split(path.sep);
      // assets/<asset id>/<content hash>/<file>: the hash folder changes with the content, the rest names the zip.
      const key = relative.filter((_, index) => index !== relative.length - 2).join('/');
      return [key, createHash('sha256').update(readFileSync(file)).digest('hex')] as const;
    });
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

function withoutMetadata(stack: JsonValue): JsonValue {
  if (typeof stack !== 'object' || stack === null || Array.isArray(stack)) return stack;
  return Object.fromEntries(Object.entries(stack).filter(([key]) => key !== '//'));
}

function readText(file: string): string {
  if (!existsSync(file))
    throw new PlanCheckError(`Expected a file at ${file} but received nothing (no such file)`);
  return readFileSync(file, 'utf8');
}

function readJson(file: string): JsonValue {
  const text = readText(file);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new PlanCheckError(`Expected JSON in ${file} but received text that is not JSON`, { cause: error });
  }
}
