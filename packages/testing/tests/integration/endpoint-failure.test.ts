import { freeLoopbackPort, startEmulator } from '../../src/index.js';

describe('AWS_ENDPOINT_URL pointing at nothing', () => {
  it('fails within seconds with a message naming the endpoint', async () => {
    const port = await freeLoopbackPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const started = Date.now();
    await expect(startEmulator({ AWS_ENDPOINT_URL: endpoint })).rejects.toThrow(endpoint);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
