/**
 * One structured logger for every function: a JSON line per entry, as CloudWatch Logs
 * Insights reads it. Personal data is never logged: callers pass identifiers, not bodies.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Whether LOG_LEVEL names a level (any case); another value logs at `info`, and `npm start` refuses it. */
export function isLogLevel(value: string): boolean {
  return Object.hasOwn(order, value.toLowerCase());
}

function threshold(): number {
  const configured = (process.env.LOG_LEVEL ?? 'info').toLowerCase() as Level;
  return order[configured] ?? order.info;
}

function write(level: Level, message: string, attributes: Record<string, unknown> = {}): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: 'asll', ...attributes });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const logger = {
  debug: (message: string, attributes?: Record<string, unknown>) => write('debug', message, attributes),
  info: (message: string, attributes?: Record<string, unknown>) => write('info', message, attributes),
  warn: (message: string, attributes?: Record<string, unknown>) => write('warn', message, attributes),
  error: (message: string, attributes?: Record<string, unknown>) => write('error', message, attributes),
};
