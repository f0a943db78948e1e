/**
 * The one catalogue of coded errors. The CLI maps a code to an exit status, the API to an HTTP
 * status and a client-safe message; internal detail (DuckDB's text, paths) stays in `cause`.
 */
export const ERRORS = {
  BAD_ARGUMENT: { status: 400, exitCode: 64, message: 'Invalid argument' },
  BAD_INPUT_FILE: { status: 400, exitCode: 65, message: 'Input file cannot be read' },
  BAD_MAPPING: { status: 400, exitCode: 65, message: 'Mapping file is invalid' },
  UNKNOWN_KIND: { status: 400, exitCode: 65, message: 'Cannot tell what kind of file this is' },
  NOT_FOUND: { status: 404, exitCode: 66, message: 'Not found' },
  NO_DATA: { status: 404, exitCode: 66, message: 'No data yet' },
  WAREHOUSE_LOCKED: { status: 503, exitCode: 75, message: 'The warehouse is in use by another process' },
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
