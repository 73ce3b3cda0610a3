import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { oneOf, optionalString, type Env } from './env.js';

/** The logging surface the kit uses: Powertools' Logger satisfies it, tests pass a recorder. */
export interface Log {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
  /** Adds the Lambda request id, function name and cold-start flag to every later line. */
  addContext?(context: Context): void;
}

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A Powertools JSON logger configured from the environment, validated like every variable:
 * `LOG_LEVEL` (default `INFO`, one of {@link LOG_LEVELS}, any case) and `POWERTOOLS_SERVICE_NAME`
 * (default `serviceName`). Powertools adds the request id (`addContext`), cold start,
 * timestamp and serializes errors with their `cause`.
 *
 * @throws {ConfigError} when `LOG_LEVEL` is not a known level.
 */
export function createLogger(serviceName: string, env: Env = process.env): Logger {
  return new Logger({
    serviceName: optionalString('POWERTOOLS_SERVICE_NAME', serviceName, env),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'INFO', { LOG_LEVEL: env['LOG_LEVEL']?.toUpperCase() }),
  });
}
