/**
 * A fetch for the client under test that keeps what crossed the wire for each tagged call: the request's
 * URL, content type and body, and the raw answer (status, the mock server's violations header, body text) —
 * which a rejected call's BudgeaError does not carry (nor should it).
 */
import { VIOLATIONS_HEADER } from "./mock-server.ts";

export const CALL_HEADER = "x-contract-call";

export interface Wire {
  url: string;
  requestType: string | null;
  requestBody: string;
  status: number;
  violations: Violation[];
  responseType: string | null;
  responseText: string;
}

/** One entry of the mock server's violations header. */
export interface Violation {
  location: string[];
  message: string;
}

export interface RecordingFetch {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  take(tag: string): Wire | undefined;
}

export function recordingFetch(): RecordingFetch {
  const wires = new Map<string, Wire>();
  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      const tag = request.headers.get(CALL_HEADER);
      const requestBody = tag ? await request.clone().text() : "";
      const response = await fetch(request);
      if (tag) {
        wires.set(tag, {
          url: request.url,
          requestType: request.headers.get("content-type"),
          requestBody,
          status: response.status,
          violations: parseViolations(response.headers.get(VIOLATIONS_HEADER)),
          responseType: response.headers.get("content-type"),
          responseText: await response.clone().text(),
        });
      }
      return response;
    },
    take(tag) {
      const wire = wires.get(tag);
      wires.delete(tag);
      return wire;
    },
  };
}

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [{ location: [], message: header }];
  }
}
