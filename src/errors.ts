/** Error codes kpibot raises on purpose; anything else is a bug. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "DB_UNREACHABLE"
  | "MIGRATION_FAILED"
  | "INPUT_INVALID"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "PLATFORM_ERROR"
  /** A chat platform may or may not have posted a message (timeout, dropped connection, 5xx): never post it again blindly. */
  | "OUTCOME_UNKNOWN";

/** A typed error with a code and an optional cause, safe to show to an operator. */
export class KpibotError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KpibotError";
    this.code = code;
  }
}

/** Whether a value is a KpibotError with the given code (or any code). */
export function isKpibotError(err: unknown, code?: ErrorCode): err is KpibotError {
  return err instanceof KpibotError && (code === undefined || err.code === code);
}
