import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-context';

/**
 * One JSON object per line (pino): time, level, the Nest context, the message and, inside a
 * request, its `reqId`. The format log collectors (Loki, Elasticsearch, CloudWatch) read as is.
 */
export function jsonLogger(): Logger {
  return pino({
    level: process.env.LOG_LEVEL?.trim() || 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
  });
}

/** Nest's logger interface over pino: `(message, ...params, context?)`, objects merged into the line. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly p: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]) {
    // Nest passes the context last; an error's stack comes before it
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params.shift() : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      fields.err = { message: message.message, stack: message.stack };
      this.p[level](fields, message.message);
    } else if (message && typeof message === 'object') {
      const { message: text, ...rest } = message as Record<string, unknown>;
      this.p[level]({ ...fields, ...rest }, typeof text === 'string' ? text : '');
    } else this.p[level](fields, String(message));
  }
}
