// plop's entry (`pnpm gen <generator> [args]`, run from the workspace root's `gen` script).
import { join } from 'node:path';
import type { NodePlopAPI } from 'plop';
import { pipelineGenerator } from './src/pipeline-generator.js';

const root = join(import.meta.dirname, '..', '..');

export default function generators(plop: NodePlopAPI): void {
  plop.setGenerator('pipeline', pipelineGenerator(root, join(import.meta.dirname, 'templates', 'pipeline')));
}
