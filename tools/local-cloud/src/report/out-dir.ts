import { join, relative, resolve, isAbsolute } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * One key segment as a file or folder name. A key is data, not a path: S3 allows `..`, `.` and
 * empty segments, which a file system would read as directions. Those are percent-encoded
 * (`..` -> `%2E%2E`, empty -> `%`), and `%` itself becomes `%25`, so no two keys share a file.
 */
function fileNameOfSegment(segment: string): string {
  const escaped = segment.replace(/%/g, '%25');
  if (escaped === '') return '%';
  if (escaped === '.' || escaped === '..') return escaped.replace(/\./g, '%2E');
  return escaped;
}

/**
 * Where `--out DIR` puts an object: `DIR/bucket/key`, each key segment encoded by
 * {@link fileNameOfSegment}; refused (never written) if it would still land outside DIR.
 *
 * @example localPathOf('/tmp/out', 'b', 'x/../../etc/passwd') // '/tmp/out/b/x/%2E%2E/%2E%2E/etc/passwd'
 */
export function localPathOf(outDir: string, ...parts: readonly string[]): string {
  const segments = parts.flatMap((part) => part.split('/')).map(fileNameOfSegment);
  const target = resolve(outDir, join(...segments));
  const inside = relative(resolve(outDir), target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new UsageError(`refusing to write ${parts.join('/')} outside ${outDir}`);
  return target;
}
