import { APIError, Budgea, BudgeaError, ConnectionError, ConnectionStateError, RateLimitError } from "budgea";

const user = new Budgea({ domain: "demo", timeoutMs: 30_000, maxRetries: 2 }).withToken(process.env.BUDGEA_USER_TOKEN!);

try {
  const step = await user.connections.sync(connectionId);
  // A connection waiting on its user is a step, not an error: SCARequired, decoupled, additionalInformationNeeded…
  if (step.status !== "connected") console.log(`connection ${step.connection.id} needs the user: ${step.status}`);
} catch (error) {
  if (error instanceof ConnectionStateError) console.log(`connection ${error.connectionId}: ${error.code}`); // wrongpass…
  else if (error instanceof RateLimitError) console.log(`slow down for ${error.retryAfterMs} ms`);
  else if (error instanceof APIError) console.log(error.status, error.code, error.path, error.requestId);
  else if (error instanceof ConnectionError) console.log("network or timeout", error.name);
  else if (error instanceof BudgeaError) console.log(error.message); // never a token, password or code
}

declare const connectionId: number;
