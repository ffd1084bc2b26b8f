import { Budgea, WrongPassError, type ConnectionStep } from "budgea";

const user = new Budgea({ domain: "demo" }).withToken(userToken());

// Request 1: the user picked a bank and typed credentials.
const step: ConnectionStep = await user.connections.create({
  connectorId: 60,
  fields: { login: "12345678", password: "123456" },
});
if (step.status === "additionalInformationNeeded") {
  // Send step.fields (label, type, regex, list values) to the browser; keep nothing in memory.
  respond({ connectionId: step.connection.id, fields: step.fields });
}

// Request 2: the browser sends the connection id and the answers back (e.g. the SMS code).
const { connectionId, answers } = await nextRequest();
try {
  const next = await user.connections.resume(connectionId, answers);
  if (next.status === "connected") respond({ ok: true });
  if (next.status === "decoupled" || next.status === "validating") {
    const done = await user.connections.wait(next.connection.id, { timeoutMs: 5 * 60_000 });
    respond({ status: done.status });
  }
} catch (error) {
  // Every error about a connection carries its id, whatever raised it.
  if (error instanceof WrongPassError) respond({ error: "wrong code", connectionId: error.connectionId });
  else throw error;
}

declare function userToken(): string;
declare function respond(body: unknown): void;
declare function nextRequest(): Promise<{ connectionId: number; answers: Record<string, string> }>;
