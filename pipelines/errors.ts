/**
 * The one catalogue of coded errors. The CLI maps a code to an exit status, the API to an HTTP
 * status and a client-safe message; internal detail (DuckDB's text, paths) stays in `cause`.
 */
export const ERRORS = {
  BAD_ARGUMENT: { status: 400, exitCode: 64, message: 'Invalid argument' },
  BAD_INPUT_FILE: { status: 400, exitCode: 65, message: 'Input file cannot be read' },
  BAD_MAPPING: { status: 400, exitCode: 65, message: 'Mapping file is invalid' },
  UNKNOWN_KIND: { status: 400, exitCode: 65, message: 'Cannot tell what kind of file this is' },
  UNAUTHORIZED: { status: 401, exitCode: 77, message: 'A valid API key is required: send Authorization: Bearer <key>' },
  NOT_FOUND: { status: 404, exitCode: 66, message: 'Not found' },
  NOT_ACCEPTABLE: { status: 406, exitCode: 64, message: 'Cannot answer in the requested format: use application/json, text/csv or application/vnd.apache.arrow.stream' },
  CURSOR_EXPIRED: { status: 409, exitCode: 64, message: 'The cursor belongs to an older snapshot: start again from the first page' },
  TOO_LARGE: { status: 413, exitCode: 64, message: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, exitCode: 64, message: 'The request URL is too long' },
  RATE_LIMITED: { status: 429, exitCode: 75, message: 'Too many requests for this key: slow down' },
  NOT_READY: { status: 503, exitCode: 75, message: 'No valid snapshot is loaded yet' },
  NO_DATA: { status: 404, exitCode: 66, message: 'No data yet' },
  WAREHOUSE_LOCKED: { status: 503, exitCode: 75, message: 'The warehouse is in use by another process' },
  WAREHOUSE_UNREADABLE: { status: 500, exitCode: 74, message: 'The warehouse file cannot be opened' },
  REDIS_UNAVAILABLE: { status: 503, exitCode: 69, message: 'The job queue (Redis) cannot be reached' },
  REDIS_MISCONFIGURED: { status: 500, exitCode: 78, message: 'Redis is not configured for the job queue' },
  MIGRATION_FAILED: { status: 500, exitCode: 70, message: 'Schema migration failed' },
  INTERNAL: { status: 500, exitCode: 70, message: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly exitCode: number;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERRORS[code].message, options);
    this.name = 'CodedError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.exitCode = ERRORS[code].exitCode;
  }
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
