// Recognises driver errors by their codes, the same way for mysql2 and better-sqlite3.

interface DriverError {
  code?: string;
  errno?: number;
  driverError?: DriverError;
}

function codeOf(error: unknown): string | undefined {
  const e = error as DriverError | undefined;
  return e?.driverError?.code ?? e?.code;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code === 'ER_NO_REFERENCED_ROW_2' ||
    code === 'ER_NO_REFERENCED_ROW' ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  // A wait cut short because the database answered nothing (src/database/bounded-mysql.ts).
  'DATABASE_STALLED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
]);

/** The database cannot be reached or is too busy: a 503, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = (error as Error | undefined)?.message ?? '';
  return /Connection lost|connect ETIMEDOUT|Pool is closed|Can't add new command when connection is in closed state/i.test(
    message,
  );
}
