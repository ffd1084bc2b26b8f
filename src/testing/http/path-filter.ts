/**
 * How tests name routes in `inject()` and `requests()`: a spec template (`/users/{id_user}/accounts`), a
 * concrete path (`/users/me/accounts`), with or without the `/2.0` prefix, or `*` for every path.
 */
export interface PathFilter {
  /** Only this method (any case); without it, any method but OPTIONS. */
  method?: string;
  /** A template, a concrete path, or `*` (the default: every path). */
  path?: string;
}

export function normalizePath(path: string): string {
  let p = path.split("?")[0]!;
  if (p.startsWith("/2.0/") || p === "/2.0") p = p.slice(4);
  if (!p.startsWith("/")) p = `/${p}`;
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

/** Matches a request (its method, API path and route template) against a filter. OPTIONS only when named. */
export function matchesFilter(filter: PathFilter, method: string, path: string, template: string | undefined): boolean {
  const wanted = filter.method?.toUpperCase();
  if (wanted ? wanted !== method : method === "OPTIONS") return false;
  if (filter.path === undefined || filter.path === "*") return true;
  const target = normalizePath(filter.path);
  return target.includes("{") ? target === template : target === normalizePath(path) || target === template;
}
