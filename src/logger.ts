/** A pino-compatible logger: `logger.debug(fields, message)`. Any method may be missing. */
export interface Logger {
  debug?(fields: object, message?: string): void;
  info?(fields: object, message?: string): void;
  warn?(fields: object, message?: string): void;
  error?(fields: object, message?: string): void;
  /** pino and friends: lets the client skip building log lines at a level that is off. */
  isLevelEnabled?(level: string): boolean;
}
