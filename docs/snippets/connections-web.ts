import { Budgea, WrongPassError, type ConnectionStep } from "budgea";

const user = new Budgea({ domain: "demo" }).withToken(userToken());

// Request 1: the user picked a bank and typed credentials.
const step: ConnectionStep = await user.connections.create({
  connectorId: 59,
  fields: { login: "12345678", password: "123456" },
});
if (step.status === "additionalInformationNeeded") {
  // Send step.fields (label, type, regex, list values) to the browser; keep nothing in memory.
  respond({ connectionId: step.connection.id, fields: step.fields });
}

// Request 2: the browser sends the answers back (e.g. the SMS code).
try {
  const next = await user.connections.resume(17, { sms: "123456" });
  if (next.status === "connected") respond({ ok: true });
  if (next.status === "decoupled" || next.status === "validating") {
    const done = await user.connections.wait(next.connection.id, { timeoutMs: 5 * 60_000 });
    respond({ status: done.status });
  }
} catch (error) {
  if (error instanceof WrongPassError) respond({ error: "wrong password", connectionId: error.connectionId });
  else throw error;
}

declare function userToken(): string;
declare function respond(body: unknown): void;
