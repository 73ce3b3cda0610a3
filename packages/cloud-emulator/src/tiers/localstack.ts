/** The last free LocalStack community tag (later tags need LOCALSTACK_AUTH_TOKEN); LOCALSTACK_IMAGE overrides it. */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

export interface RunningLocalStack {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts LocalStack with testcontainers; the token is passed through when set. */
export async function startLocalStack(env: NodeJS.ProcessEnv = process.env): Promise<RunningLocalStack> {
  // Loaded lazily: machines without Docker never pay for testcontainers' import.
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const image = env.LOCALSTACK_IMAGE?.trim() || DEFAULT_LOCALSTACK_IMAGE;
  let container = new LocalstackContainer(image);
  if (env.LOCALSTACK_AUTH_TOKEN) {
    container = container.withEnvironment({ LOCALSTACK_AUTH_TOKEN: env.LOCALSTACK_AUTH_TOKEN });
  }
  const started = await container.start();
  return {
    endpoint: started.getConnectionUri(),
    stop: async () => {
      await started.stop();
    },
  };
}
