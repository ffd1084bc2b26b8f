import { Budgea } from "budgea";
import { startSandbox } from "budgea/testing";

// A stateful fake Budgea on loopback, for your own integration tests (think stripe-mock).
const sb = await startSandbox({ seed: 1, connectionStyle: "current" });
const budgea = new Budgea({ baseUrl: sb.url });
const { token } = await budgea.auth.init();
const step = await budgea.withToken(token).connections.create({ connectorId: 60, fields: { login: "12345678", password: "123456" } });
console.log(step.status); // "additionalInformationNeeded": OTP Bank asks an SMS code

sb.inject({ method: "GET", path: "/banks", kind: "status", status: 503 }); // fault injection: the next GET /banks fails
const { data } = await budgea.api.GET("/banks"); // … and the client retries it (a GET is idempotent)
console.log(data.banks.length > 0, sb.requests({ method: "GET", path: "/banks" })); // true 2: the 503, then the retry
await sb.close();
