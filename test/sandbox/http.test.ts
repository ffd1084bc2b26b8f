import type { Sandbox } from "../../src/testing/index.js";
import { extraRoute } from "../../src/testing/http/router.js";
import { startSandboxWith } from "../../src/testing/sandbox.js";
import { call, newUser, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("bad input gets the API's error body, never a crash or a hang", () => {
  test("unknown routes are 404 notFound; a wrong method is 405 with Allow", async () => {
    const sb = sandbox();
    const unknown = await call(sb, "GET", "/nothing/here");
    expect([unknown.status, unknown.body.code]).toEqual([404, "notFound"]);
    expect((await call(sb, "GET", `${sb.url.replace("/2.0", "")}/banks`)).status).toBe(404);
    expect((await call(sb, "GET", "/users/%E0%A4%A/connections")).status).toBe(404);
    const wrongMethod = await call(sb, "DELETE", "/banks");
    expect([wrongMethod.status, wrongMethod.body.code, wrongMethod.headers.get("allow")]).toEqual([
      405,
      "methodNotAllowed",
      "GET",
    ]);
    expect((await call(sb, "GET", "/banks/")).status).toBe(200);
  });

  test("malformed bodies, wrong types and missing fields are 400s", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const raw = (body: string, type = "application/json") =>
      fetch(`${sb.url}/users/me/connections`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
        body,
      });
    for (const body of ["{not json", "[1,2]", "null"]) {
      const response = await raw(body);
      expect([response.status, (await response.json()).code]).toEqual([400, "badRequest"]);
    }
    const broken = await raw("--x\r\nnonsense", "multipart/form-data; boundary=x");
    expect(broken.status).toBe(400);
    const wrongType = await call(sb, "POST", "/users/me/connections", {
      token,
      json: { id_connector: { nested: true } },
    });
    expect([wrongType.status, wrongType.body.code]).toEqual([400, "invalidValue"]);
    const notInt = await call(sb, "POST", "/users/me/connections", { token, json: { id_connector: 59.5 } });
    expect(notInt.body.message).toBe("Invalid value for id_connector: expected an integer");
    const big = await raw(JSON.stringify({ pad: "x".repeat(1_100_000) }));
    expect([big.status, (await big.json()).code]).toEqual([413, "requestTooLarge"]);
  });

  test("a handler exception is a 500 bug, logged without secrets, and the sandbox keeps serving", async () => {
    const lines: string[] = [];
    const sb: Sandbox = await startSandboxWith({ logger: (line) => lines.push(line) }, [
      extraRoute("post", "/boom", "public", () => {
        throw new Error("kaboom");
      }),
    ]);
    try {
      const answer = await call(sb, "POST", "/boom", { json: { password: "hunter22" } });
      expect([answer.status, answer.body.code]).toEqual([500, "bug"]);
      expect((await call(sb, "GET", "/banks")).status).toBe(200);
      expect(lines.join("\n")).toContain("kaboom");
      expect(lines.join("\n")).not.toContain("hunter22");
    } finally {
      await sb.close();
    }
  });
});

describe("CORS", () => {
  test("answers echo the Origin (or *), faulted ones too", async () => {
    const sb = sandbox();
    const withOrigin = await call(sb, "GET", "/banks", { headers: { Origin: "http://127.0.0.1:5173" } });
    expect(withOrigin.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(withOrigin.headers.get("vary")).toBe("Origin");
    expect((await call(sb, "GET", "/banks")).headers.get("access-control-allow-origin")).toBe("*");
    sb.inject({ path: "/banks", kind: "status", status: 503, retryAfter: 1 });
    const faulted = await call(sb, "GET", "/banks", { headers: { Origin: "http://localhost:3000" } });
    expect(faulted.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(faulted.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  test("preflight OPTIONS allows Authorization, Content-Type and BI-* headers", async () => {
    const sb = sandbox();
    const response = await fetch(`${sb.url}/users/me/connections`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, bi-request-id",
      },
    });
    expect(response.status).toBe(204);
    const allowed = response.headers.get("access-control-allow-headers")!;
    for (const header of ["Authorization", "Content-Type", "BI-Signature", "bi-request-id"])
      expect(allowed).toContain(header);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(sb.requests({ path: "/users/me/connections" })).toBe(0);
    expect(sb.requests({ method: "OPTIONS", path: "/users/me/connections" })).toBe(1);
  });
});

describe("close()", () => {
  test("ends keep-alive sockets and requests held by a delay fault, at once", async () => {
    const { startSandbox } = await import("../../src/testing/index.js");
    const sb = await startSandbox();
    await call(sb, "GET", "/banks");
    sb.inject({ path: "/banks", kind: "delay", delayMs: 60_000 });
    const held = fetch(`${sb.url}/banks`).then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sb.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await held).toBe("failed");
    await sb.close();
  });
});
