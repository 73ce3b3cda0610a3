import { freeLoopbackPort, startEmulator } from '../../src/index.js';

describe('AWS_ENDPOINT_URL pointing at nothing', () => {
  it('fails with a message naming the endpoint', async () => {
    const port = await freeLoopbackPort();
    const endpoint = `http://127.0.0.1:${port}`;
    await expect(startEmulator({ AWS_ENDPOINT_URL: endpoint })).rejects.toThrow(endpoint);
  });
});
