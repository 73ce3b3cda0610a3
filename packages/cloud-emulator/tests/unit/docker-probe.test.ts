import { isDockerReachable } from '../../src/tiers/docker-probe.js';

describe('isDockerReachable', () => {
  it('answers false for a socket that does not exist', async () => {
    await expect(isDockerReachable({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })).resolves.toBe(false);
  });

  it('answers false for an unsupported DOCKER_HOST scheme', async () => {
    await expect(isDockerReachable({ DOCKER_HOST: 'ssh://somewhere' })).resolves.toBe(false);
  });
});
