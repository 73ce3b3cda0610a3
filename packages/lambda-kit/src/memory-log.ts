import type { Log } from './logger.js';
import type { ObjectOutcome } from './outcome.js';
import { outcomesFromLogs } from './outcome-reader.js';

/** One line kept by {@link MemoryLog}. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  /** The attribute objects of the call, merged. */
  readonly attributes: Record<string, unknown>;
}

/** A {@link Log} that keeps its lines in memory, so tests can assert on what was logged. */
export class MemoryLog implements Log {
  readonly lines: LogLine[] = [];

  debug(message: string, ...attributes: Record<string, unknown>[]): void {
    this.push('debug', message, attributes);
  }
  info(message: string, ...attributes: Record<string, unknown>[]): void {
    this.push('info', message, attributes);
  }
  warn(message: string, ...attributes: Record<string, unknown>[]): void {
    this.push('warn', message, attributes);
  }
  error(message: string, ...attributes: Record<string, unknown>[]): void {
    this.push('error', message, attributes);
  }

  /** The outcome records logged, read as any reader reads them. */
  outcomes(): ObjectOutcome[] {
    return outcomesFromLogs(this.lines.map((line) => line.attributes));
  }

  /** The lines about one object key. */
  about(key: string): LogLine[] {
    return this.lines.filter((line) => line.attributes['key'] === key);
  }

  private push(level: LogLine['level'], message: string, attributes: Record<string, unknown>[]): void {
    this.lines.push({
      level,
      message,
      attributes: Object.assign({}, ...attributes) as Record<string, unknown>,
    });
  }
}
