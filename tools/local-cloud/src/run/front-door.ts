/**
 * The functions' S3 endpoint: a pass-through HTTP proxy in front of the emulator. It counts the
 * S3 requests the functions make (by operation), and it is where faults are injected, in S3 itself
 * rather than in the functions' configuration: requests that touch a faulted key fail as an
 * unreachable or overloaded S3 would. Each function (a `caller`) gets a port of its own, so a fault
 * meant for one function's attempt does not reach another function handling the same key. The
 * runner's own requests go to the emulator directly.
 */
import {
  createServer,
  request,
  Agent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request's S3 operation, from its method, query and headers (path-style addressing). */
function operationOf(method: string, url: URL, headers: IncomingMessage['headers']): string {
  const q = url.searchParams;
  const hasKey = url.pathname.split('/').filter(Boolean).length > 1;
  if (q.has('tagging'))
    return `${method === 'GET' ? 'Get' : method === 'PUT' ? 'Put' : 'Delete'}ObjectTagging`;
  if (method === 'HEAD') return hasKey ? 'HeadObject' : 'HeadBucket';
  if (method === 'GET')
    return hasKey ? 'GetObject' : q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListBucket';
  if (method === 'PUT' && q.has('partNumber'))
    return headers['x-amz-copy-source'] ? 'UploadPartCopy' : 'UploadPart';
  if (method === 'PUT') return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
  if (method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
  if (method === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return `${method} other`;
}

/** `bucket/key` of a path-style request, decoded; the copy source too for a copy. */
function objectsOf(url: URL, headers: IncomingMessage['headers']): string[] {
  const path = decodeURIComponent(url.pathname.slice(1));
  const source = headers['x-amz-copy-source'];
  const copied =
    typeof source === 'string'
      ? decodeURIComponent(source.split('?')[0] ?? '').replace(/^\//, '')
      : undefined;
  return copied === undefined ? [path] : [path, copied];
}

export interface FrontDoor {
  /** The endpoint to give a function not named in `callers`. */
  readonly endpoint: string;
  /** The endpoint to give `caller` (its own port when it was named in `callers`). */
  endpointOf(caller: string): string;
  /** Requests seen so far, by operation. */
  counts(): Readonly<Record<string, number>>;
  /**
   * Requests touching `bucket/key` answer 503 SlowDown until the returned function is called: the
   * requests `caller` makes (through its own endpoint), or every request when no caller is given.
   */
  fail(bucket: string, key: string, caller?: string): () => void;
  close(): Promise<void>;
}

export interface FrontDoorOptions {
  /** The emulator's endpoint. */
  readonly target: string;
  /** Requests touching a key that contains this marker find S3 unreachable (the connection is dropped). */
  readonly unreachableMarker?: string;
  /** Who gets an endpoint of their own (function names), so that a fault can be meant for one. */
  readonly callers?: readonly string[];
}

/** Anyone not named in `callers`, and a fault meant for everyone. */
const ANYONE = '';

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/** Starts the proxy on a free loopback port. */
export async function openFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts: Record<string, number> = {};
  /** Faults in force, by `caller` then `bucket/key`, each with how many attempts hold it. */
  const failing = new Map<string, Map<string, number>>();
  const isFailing = (caller: string, object: string): boolean =>
    (failing.get(caller)?.get(object) ?? 0) > 0 || (failing.get(ANYONE)?.get(object) ?? 0) > 0;
  const forward = (caller: string, req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', target);
    // The functions' other requests (the object catalog's DynamoDB writes, named by X-Amz-Target) pass
    // through uncounted and unfaulted: the outcome records count the catalog's writes.
    const s3 = req.headers['x-amz-target'] === undefined;
    if (s3) {
      const operation = operationOf(req.method ?? 'GET', url, req.headers);
      counts[operation] = (counts[operation] ?? 0) + 1;
    }
    const touched = s3 ? objectsOf(url, req.headers) : [];
    const marker = options.unreachableMarker;
    if (marker !== undefined && touched.some((object) => object.includes(marker))) {
      req.socket.destroy();
      return;
    }
    if (touched.some((object) => isFailing(caller, object))) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/xml', connection: 'close' }).end(SLOW_DOWN);
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const servers = new Map<string, { server: Server; endpoint: string }>();
  for (const caller of [ANYONE, ...(options.callers ?? [])]) {
    if (servers.has(caller)) continue;
    const server: Server = createServer((req, res) => forward(caller, req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    servers.set(caller, { server, endpoint: `http://127.0.0.1:${port}` });
  }
  const endpointOf = (caller: string): string => (servers.get(caller) ?? servers.get(ANYONE)!).endpoint;
  return {
    endpoint: endpointOf(ANYONE),
    endpointOf,
    counts: () => ({ ...counts }),
    fail(bucket, key, caller = ANYONE) {
      const object = `${bucket}/${key}`;
      const faults = failing.get(caller) ?? new Map<string, number>();
      failing.set(caller, faults);
      faults.set(object, (faults.get(object) ?? 0) + 1);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const left = (faults.get(object) ?? 1) - 1;
        if (left > 0) faults.set(object, left);
        else faults.delete(object);
      };
    },
    async close() {
      await Promise.all(
        [...servers.values()].map(({ server }) => {
          server.closeAllConnections();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        }),
      );
      agent.destroy();
    },
  };
}
