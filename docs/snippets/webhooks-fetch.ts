import { Budgea, WebhookVerificationError, syncedConnections } from "budgea";

const budgea = new Budgea({ domain: "demo" });
const secret = process.env.BUDGEA_WEBHOOK_SECRET ?? "test-secret"; // from POST /webhooks/auth

// A fetch handler: Next.js route handlers (export { POST }), Hono (c.req.raw), Bun.serve, Deno.serve, workers.
export async function POST(request: Request): Promise<Response> {
  try {
    const event = await budgea.webhooks.verifyRequest(request, { hmacSecret: secret });
    if (event.type === "CONNECTION_SYNCED") {
      // Either body form: today's `{ connection, user }` or 2020's `{ connections: [...] }`.
      const accounts = syncedConnections(event.payload).flatMap((connection) => connection.accounts ?? []);
      await enqueueSync(
        event.idWebhookData,
        accounts.map((account) => account.id),
      );
    }
    return new Response("ok");
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.name, { status: error.status });
    throw error; // a 5xx: the API delivers again later
  }
}

// Testing your receiver: sign a delivery the way the API does.
const body = JSON.stringify({
  connection: {
    id: 7,
    id_connector: 59,
    active: true,
    accounts: [{ id: 17, original_name: "Compte chèque", display: true, bookmarked: 1 }],
  },
  user: { id: 1, signin: "2025-03-29 15:04:05" },
  id_webhook_data: 1,
});
const headers = await budgea.webhooks.sign({ path: "/api/budgea", body, secret });
const response = await POST(new Request("https://app.example/api/budgea", { method: "POST", headers, body }));
console.log(response.status); // 200

declare function enqueueSync(idWebhookData: number | undefined, accountIds: number[]): Promise<void>;
