/** A pino-compatible logger: `logger.debug(fields, message)`. Any method may be missing. */
export interface Logger {
  /** Each request and successful response: method, redacted URL or path template, status, duration. */
  debug?(fields: object, message?: string): void;
  /** Not used by the client today: listed so that any pino-like logger fits. */
  info?(fields: object, message?: string): void;
  /** Error responses, failed requests and retries (never headers or bodies). */
  warn?(fields: object, message?: string): void;
  /** Not used by the client today: listed so that any pino-like logger fits. */
  error?(fields: object, message?: string): void;
  /** pino and friends: lets the client skip building log lines at a level that is off. */
  isLevelEnabled?(level: string): boolean;
}
