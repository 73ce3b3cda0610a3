import { connect, type Socket } from 'node:net';

/**
 * Whether a Docker engine answers `GET /_ping` at DOCKER_HOST (unix or tcp) or the default socket.
 * A docker CLI without an engine (as on CI machines here) answers false within the timeout.
 */
export async function isDockerReachable(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 1500,
): Promise<boolean> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const socket = openDockerSocket(host);
  if (socket === undefined) return false;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let reply = '';
    socket.on('connect', () => socket.write('GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n\r\n')) done(/^HTTP\/1\.[01] 200/.test(reply));
    });
    socket.on('error', () => done(false));
    socket.on('end', () => done(/^HTTP\/1\.[01] 200/.test(reply)));
  });
}

function openDockerSocket(host: string): Socket | undefined {
  if (host.startsWith('unix://')) return connect({ path: host.slice('unix://'.length) });
  if (host.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return connect({ host: url.hostname, port: Number(url.port || 2375) });
  }
  return undefined;
}
