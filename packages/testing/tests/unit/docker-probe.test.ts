import { isDockerReachable } from '../../src/tiers/docker-probe.js';

describe('isDockerReachable', () => {
  it('answers false quickly for a socket that does not exist', async () => {
    const started = Date.now();
    await expect(isDockerReachable({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers false for an unsupported DOCKER_HOST scheme', async () => {
    await expect(isDockerReachable({ DOCKER_HOST: 'ssh://somewhere' })).resolves.toBe(false);
  });
});
