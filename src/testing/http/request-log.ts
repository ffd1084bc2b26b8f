import { type PathFilter, matchesFilter } from "./path-filter.js";

/** One request as the sandbox saw it. Never holds headers or bodies (tokens and credentials live there). */
export interface LoggedRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** The concrete path, `/2.0` prefix included, without the query string. */
  path: string;
  /** The route template (`/users/{id_user}/accounts`), or undefined for an unknown route. */
  template: string | undefined;
  /** The status sent, or undefined while in flight or when the connection was dropped. */
  status: number | undefined;
  /** Sandbox time of arrival (epoch ms). */
  at: number;
}

const MAX_ENTRIES = 200_000;

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): LoggedRequest {
    if (this.entries.length >= MAX_ENTRIES) this.entries.shift();
    this.entries.push(entry);
    return entry;
  }

  count(filter: PathFilter = {}): number {
    return this.entries.filter((e) => matchesFilter(filter, e.method, e.path, e.template)).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
