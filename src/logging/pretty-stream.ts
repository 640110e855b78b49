import type { DestinationStream } from 'pino';

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};

// Fields every line has, shown in the line's head rather than repeated after it.
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'req', 'res']);

/**
 * Pino's JSON lines made readable for a person at a terminal (LOG_FORMAT=pretty,
 * the default in development at a TTY), without pino-pretty:
 * `12:00:01.234 INFO  GET /api/posts/:id 200 4ms  req=...`.
 */
export function formatLogLine(line: string, colors = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const [name, color] = LEVELS[entry.level as number] ?? ['LOG  ', '0'];
  const time = new Date(entry.time as number).toISOString().slice(11, 23);
  const level = colors ? `\x1b[${color}m${name}\x1b[0m` : name;
  const req = entry.req as { id?: string; method?: string; url?: string } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  const rest = Object.entries(entry).filter(([key]) => !SHOWN.has(key));
  let text: string;
  if (req && res) {
    // `reqId` (bound by Fastify to every line of a request) repeats `req.id` here.
    const { route, responseTime, reqId: _reqId, ...others } = Object.fromEntries(rest);
    text = `${req.method} ${req.url} ${res.statusCode} ${responseTime}ms  req=${req.id}`;
    if (route) text += ` route=${String(route)}`;
    if (Object.keys(others).length > 0) text += ` ${JSON.stringify(others)}`;
  } else {
    text = `${entry.context ? `[${String(entry.context)}] ` : ''}${String(entry.msg ?? '')}`;
    const extra = rest.filter(([key]) => key !== 'err');
    if (extra.length > 0) text += ` ${JSON.stringify(Object.fromEntries(extra))}`;
  }
  const err = entry.err as { stack?: string } | undefined;
  if (err?.stack) text += `\n${err.stack}`;
  return `${time} ${level} ${text}`;
}

export function prettyStream(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  const colors = Boolean((out as { isTTY?: boolean }).isTTY);
  return { write: (line: string) => void out.write(`${formatLogLine(line, colors)}\n`) };
}
