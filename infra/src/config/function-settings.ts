/**
 * What a function runs with: architecture, log level and its runtime settings. A leaf module
 * (imports nothing), so the pipeline modules and the configuration both import it.
 */

export type Architecture = 'arm64' | 'x86_64';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Per-function runtime settings. */
export interface FunctionSettings {
  /** 128-10240 MB. */
  readonly memoryMb: number;
  /** 1-900 s. The p99 duration alarm fires above 80% of it. */
  readonly timeoutSeconds: number;
  /** Reserved concurrency, >= 1 (0 would disable the function). */
  readonly reservedConcurrency: number;
  /** Async retries before the failure destination, 0-2. */
  readonly maximumRetryAttempts: number;
  /** Maximum age of an async event, 60-21600 s. */
  readonly maximumEventAgeSeconds: number;
  /** /tmp size, 512-10240 MB. @default 512 (Lambda's default) */
  readonly ephemeralStorageMb?: number;
}
