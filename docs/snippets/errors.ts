import { APIError, Budgea, BudgeaError, ConnectionError, RateLimitError, SCARequiredError } from "budgea";

const user = new Budgea({ domain: "demo", timeoutMs: 30_000, maxRetries: 2 }).withToken(process.env.BUDGEA_USER_TOKEN!);

try {
  await user.connections.sync(17);
} catch (error) {
  if (error instanceof SCARequiredError) console.log(`connection ${error.connectionId} needs the user`);
  else if (error instanceof RateLimitError) console.log(`slow down for ${error.retryAfterMs} ms`);
  else if (error instanceof APIError) console.log(error.status, error.code, error.path, error.requestId);
  else if (error instanceof ConnectionError) console.log("network or timeout", error.name);
  else if (error instanceof BudgeaError) console.log(error.message); // never a token, password or code
}
