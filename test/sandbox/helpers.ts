import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/testing/index.js";

/** A raw HTTP answer: status, headers, and the body parsed as JSON when it is JSON. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  multipart?: Record<string, string>;
  headers?: Record<string, string>;
  redirect?: "manual" | "follow";
}

/** One request over real loopback HTTP; `path` is relative to `sb.url` unless absolute. */
export async function call<T = any>(
  sb: Sandbox,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = new URLSearchParams(options.form);
  } else if (options.multipart) {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.multipart)) form.append(key, value);
    body = form;
  }
  const response = await fetch(path.startsWith("http") ? path : `${sb.url}${path}`, {
    method,
    headers,
    body,
    redirect: options.redirect ?? "follow",
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** Starts a sandbox before the file's tests and closes it after; `reset()` before each test. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sb: Sandbox | undefined;
  beforeAll(async () => {
    sb = await startSandbox(options);
  });
  beforeEach(() => sb?.reset());
  afterAll(async () => {
    await sb?.close();
  });
  return () => sb!;
}

/** A temporary user token from `POST /auth/init`. */
export async function newUser(sb: Sandbox): Promise<{ token: string; idUser: number }> {
  const { body } = await call(sb, "POST", "/auth/init");
  return { token: body.auth_token, idUser: body.id_user };
}

export const GOOD = { login: "12345678", password: "123456" };

/** Connects a bank and answers its questions until it syncs; returns the connection. */
export async function connectBank(sb: Sandbox, token: string, connectorId = 59): Promise<any> {
  let answer = await call(sb, "POST", "/users/me/connections", { token, json: { id_connector: connectorId, ...GOOD } });
  for (let i = 0; i < 3 && answer.body.state === "additionalInformationNeeded"; i++) {
    const fields = Object.fromEntries(
      answer.body.fields.map((f: any) => [f.name, f.regex.includes("{8}") ? "12345678" : "123456"]),
    );
    answer = await call(sb, "POST", `/users/me/connections/${answer.body.id}`, { token, json: fields });
  }
  return answer.body;
}

/** Activates every account of a connection; returns their ids. */
export async function activateAll(sb: Sandbox, token: string, connectionId: number): Promise<number[]> {
  const { body } = await call(sb, "GET", `/users/me/connections/${connectionId}?expand=accounts`, { token });
  const ids: number[] = body.accounts.map((a: any) => a.id);
  await call(sb, "PUT", `/users/me/connections/${connectionId}/accounts/${ids.join(",")}?all`, {
    token,
    json: { disabled: false },
  });
  return ids;
}

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

/** A webhook receiver on loopback that records what it gets and answers `status` (settable). */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  status: number;
  close(): Promise<void>;
}> {
  const { createServer } = await import("node:http");
  const received: Received[] = [];
  const receiver = {
    url: "",
    received,
    status: 200,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method!, path: req.url!, headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/budgea`;
  return receiver;
}
