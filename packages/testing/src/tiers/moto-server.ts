import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { waitForEndpoint } from './endpoint-probe.js';
import { MOTO_BODY_STORE } from './moto-body-store.js';

const execFileAsync = promisify(execFile);

/**
 * Starts moto server with two of its IAM checks corrected, so that enforcement behaves as S3's,
 * and three per-request costs removed (profiled under `pnpm soak`, see docs/performance.md):
 * - every request was logged (werkzeug's request log line, colored, to a discarded stderr);
 * - every request listed moto's own package folder (`list_of_moto_modules`: a listdir and about 200
 *   `isdir` calls) to route it: the list is read once;
 * - every object created where a Lambda notification is configured made moto try to run the function
 *   in Docker (a Docker client per event, failing where no engine runs): moto cannot run functions
 *   without Docker and the local cloud delivers those events itself, so moto no longer tries.
 *   Notifications to SQS and SNS are delivered as before.
 * and object bodies kept in one shared file rather than its heap or an open file each (moto-body-store.ts).
 *
 * The IAM corrections:
 * - its SigV4 signature check is switched off: with IAM enforcement on, moto 5.2.1 answers
 *   SignatureDoesNotMatch to correctly signed requests for keys holding `=`, `+`, `,`, `:`, `;`, `@`,
 *   `%`, `'`, `(` or non-ASCII, and for query values holding `/` (a ListObjectsV2 prefix); the tests
 *   need its policy evaluation, not its signature check. Without enforcement moto checks no signature.
 * - DeleteObjects is authorized per key: moto 5.2.1 authorizes `s3:DeleteObject` on the bucket's ARN
 *   and, refused there, denies every key, so a role allowed to delete under a prefix (as S3 evaluates
 *   it: `s3:DeleteObject` on each key) could delete nothing. The allowed keys are deleted through
 *   moto's own code; each refused key gets S3's per-key AccessDenied error.
 */
export const MOTO_LAUNCHER = [
  'import sys',
  'from xml.sax.saxutils import escape',
  'import xmltodict',
  'from moto.iam import access_control',
  'for name in ("IAMRequestBase", "IAMRequest", "S3IAMRequest"):',
  '    getattr(access_control, name).check_signature = lambda self: None',
  'from moto.s3 import responses as s3_responses',
  'from moto.s3.exceptions import S3AccessDeniedError',
  'delete_keys = s3_responses.S3Response._bucket_response_delete_keys',
  'def delete_keys_per_key(self, bucket_name, authenticated=True):',
  '    if authenticated:',
  '        return delete_keys(self, bucket_name, authenticated)',
  '    request = xmltodict.parse(self.body, strip_whitespace=False)["Delete"]',
  '    objects = request.get("Object", [])',
  '    objects = objects if isinstance(objects, list) else [objects]',
  '    allowed, denied = [], []',
  '    for obj in objects:',
  '        try:',
  '            self._authenticate_and_authorize_s3_action(bucket_name=bucket_name, key_name=obj["Key"])',
  '            allowed.append(obj)',
  '        except S3AccessDeniedError:',
  '            denied.append(obj["Key"])',
  '    if not allowed:',
  '        return delete_keys(self, bucket_name, False)',
  '    self.body = xmltodict.unparse({"Delete": {**request, "Object": allowed}}).encode()',
  '    status, headers, body = delete_keys(self, bucket_name, True)',
  '    errors = "".join(f"<Error><Key>{escape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>" for k in denied)',
  '    text = body.decode() if isinstance(body, bytes) else body',
  '    return status, headers, text.replace("</DeleteResult>", errors + "</DeleteResult>")',
  's3_responses.S3Response._bucket_response_delete_keys = delete_keys_per_key',
  'from werkzeug import serving',
  'serving.WSGIRequestHandler.log_request = lambda self, *args: None',
  'from moto import backends',
  'moto_modules = tuple(backends.list_of_moto_modules())',
  'backends.list_of_moto_modules = lambda: moto_modules',
  'from moto.s3 import notifications as s3_notifications',
  's3_notifications._invoke_awslambda = lambda *args: None',
  MOTO_BODY_STORE,
  'from moto.server import main',
  'main(sys.argv[1:])',
].join('\n');

/** The interpreter a console script runs under, from its `#!` line (pip writes an absolute path). */
async function scriptInterpreter(script: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, script);
    const firstLine = await readFile(path, 'utf8').then(
      (text) => text.split('\n', 1)[0] ?? '',
      () => undefined,
    );
    if (firstLine === undefined) continue;
    const interpreter = /^#!\s*(\S*python\S*)\s*$/.exec(firstLine)?.[1];
    return interpreter;
  }
  return undefined;
}

/** A Python that imports moto's server: `python3`, else the one `moto_server` was installed for. */
async function findMotoPython(): Promise<string | undefined> {
  for (const candidate of ['python3', await scriptInterpreter('moto_server')]) {
    if (candidate !== undefined && (await succeeds(candidate, ['-c', 'import moto.server, flask'])))
      return candidate;
  }
  return undefined;
}

/**
 * The command that starts moto: its Python running {@link MOTO_LAUNCHER} when one is found, else
 * `moto_server` as it is (then IAM cannot be enforced), else undefined.
 */
export async function findMotoCommand(): Promise<readonly string[] | undefined> {
  const python = await findMotoPython();
  if (python !== undefined) return [python, '-c', MOTO_LAUNCHER];
  if (await succeeds('moto_server', ['--help'])) return ['moto_server'];
  return undefined;
}

/** Whether moto started by `command` can enforce IAM (its signature check is off). */
export function motoChecksNoSignatures(command: readonly string[]): boolean {
  return command.includes(MOTO_LAUNCHER);
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await execFileAsync(command, args, { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on loopback, as chosen by the kernel. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Python guard around moto: it stops moto when its stdin closes, which happens when the process
 * that started it exits for any reason (teardown, a crash, SIGKILL), so no moto outlives the test run.
 */
const ORPHAN_GUARD = [
  'import signal, subprocess, sys',
  'p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)',
  'signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))',
  'try:',
  '    sys.stdin.read()',
  'except KeyboardInterrupt:',
  '    pass',
  'finally:',
  '    p.terminate()',
  '    try:',
  '        p.wait(5)',
  '    except subprocess.TimeoutExpired:',
  '        p.kill()',
].join('\n');

/**
 * moto's process environment unless the caller's says otherwise. moto serves each connection on a new
 * thread, and glibc gives threads their own malloc arenas (up to 8 per core), which keep what large
 * object bodies freed: two arenas cut moto's resident memory after 1,000 mixed uploads, copies and
 * reads from 325 to 222 MiB (tools/local-cloud's soak mix), at no measurable cost in requests a second.
 */
export const MOTO_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

export interface RunningMoto {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts moto server on a free loopback port and waits until it answers. */
export async function startMotoServer(
  command: readonly string[],
  readyTimeoutMs = 30_000,
): Promise<RunningMoto> {
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-c', ORPHAN_GUARD, ...command, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...MOTO_ENVIRONMENT, ...process.env },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await Promise.race([
      waitForEndpoint(endpoint, readyTimeoutMs),
      exited.then((code) =>
        Promise.reject(new Error(`moto server exited with code ${code} before it was ready`)),
      ),
    ]);
  } catch (error) {
    await stopGuard(child, exited);
    throw error;
  }
  return { endpoint, pid: child.pid ?? -1, stop: () => stopGuard(child, exited) };
}

async function stopGuard(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}
