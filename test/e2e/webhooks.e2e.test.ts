import http from "node:http";
import type { AddressInfo } from "node:net";
import { Budgea, type WebhookEvent } from "../../src/index.js";
import { startSandbox } from "../../src/testing/index.js";
import { webhookHandler } from "../../src/webhooks-node.js";

/** A loopback receiver for the sandbox's deliveries, verified the way a user's server would. */
async function receiver(verify: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer(verify);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test.each([false, true])("a sync posts a BI-Signature webhook our verifier accepts (callback with a query string, gzip %s)", async (gzip) => {
  const events: WebhookEvent[] = [];
  let secret = "";
  const rx = await receiver((req, res) => void webhookHandler({ hmacSecret: secret }, (event) => void events.push(event))(req, res));
  const sb = await startSandbox();
  try {
    secret = sb.addWebhook({ url: `${rx.url}/hooks/budgea?tenant=acme`, auth: "signature", gzip }).secret!;
    const created = sb.createUser();
    await new Budgea({ baseUrl: sb.url }).withToken(created.token).connections.sync(created.connectionId);
    await sb.flushWebhooks();
    expect(sb.webhookDeliveries.map((d) => d.status)).toEqual(sb.webhookDeliveries.map(() => 200));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.type).toBe("CONNECTION_SYNCED");
  } finally {
    await sb.close();
    await rx.close();
  }
});

test("the 2020 form: the user's token as bearer, checked against what resolveToken returns", async () => {
  const events: WebhookEvent[] = [];
  const tokens = new Map<number, string>();
  const rx = await receiver(
    (req, res) =>
      void webhookHandler({ resolveToken: ({ idUser }) => (idUser === undefined ? undefined : tokens.get(idUser)) }, (event) => void events.push(event))(
        req,
        res,
      ),
  );
  const sb = await startSandbox({ webhook: "http://127.0.0.1:1/unused" });
  try {
    sb.reset();
    sb.addWebhook({ url: `${rx.url}/hooks`, auth: "bearer" });
    const created = sb.createUser();
    tokens.set(created.idUser, created.token);
    await new Budgea({ baseUrl: sb.url }).withToken(created.token).connections.sync(created.connectionId);
    await sb.flushWebhooks();
    expect(events.length).toBeGreaterThan(0);
    tokens.set(created.idUser, "another-token"); // a wrong token is refused, and the API will deliver again
    await new Budgea({ baseUrl: sb.url }).withToken(created.token).connections.sync(created.connectionId);
    await sb.flushWebhooks();
    expect(sb.webhookDeliveries.at(-1)!.status).toBe(401);
  } finally {
    await sb.close();
    await rx.close();
  }
});
