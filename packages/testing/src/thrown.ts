/**
 * The error `run` throws, for assertions on its fields. The test fails when `run` throws nothing,
 * and the error propagates when it is not a `type`.
 *
 * @example expect(thrownBy(ConfigError, () => loadConfig({})).variable).toBe('DESTINATION_BUCKET');
 */
export function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name} but nothing was thrown`);
}
