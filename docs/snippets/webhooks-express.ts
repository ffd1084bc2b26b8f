import { createDeliveryDeduper, syncedConnections } from "budgea";
import { webhookHandler } from "budgea/node";

// Express: the route needs the raw body, so no express.json() here (or express.raw({ type: "*/*" })).
// The handler answers 200, 401/413/400 when verification fails, 500 when your code throws (the API redelivers).
const seen = createDeliveryDeduper({ max: 10_000 });

app.post(
  "/webhooks/budgea/connection-synced",
  webhookHandler(
    { hmacSecret: process.env.BUDGEA_WEBHOOK_SECRET!, event: "CONNECTION_SYNCED" }, // 2020 API: { resolveToken }
    async (event) => {
      if (!seen.claim(event.idWebhookData)) return; // a redelivery: already done
      try {
        // Today's body is one `connection` and its `user`; the 2020 one, a `connections` array. The type is the
        // union (narrow with `"connection" in event.payload`); syncedConnections() reads both.
        for (const connection of syncedConnections(event.payload)) {
          for (const account of connection.accounts ?? []) {
            for (const tx of account.transactions ?? []) {
              if (tx.deleted) await removeTransaction(tx.id);
              else await upsertTransaction(account.id, tx.id, tx.value ?? 0, tx.date);
            }
          }
        }
      } catch (error) {
        seen.release(event.idWebhookData); // let the redelivery through
        throw error;
      }
    },
  ),
);

// With the 2020 API, deliveries carry the user's token: say which token each user has.
app.post(
  "/webhooks/budgea/2020",
  webhookHandler({ resolveToken: ({ idUser }) => (idUser === undefined ? undefined : tokenOfUser(idUser)) }, (event) =>
    console.log(event.type, event.idWebhookData),
  ),
);

// Plain node:http works the same: http.createServer(webhookHandler(options, onEvent)).

/** The slice of Express used here (express is not a dependency of this package). */
declare const app: {
  post(
    path: string,
    handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown,
  ): void;
};
declare function tokenOfUser(idUser: number): Promise<string | undefined>;
declare function removeTransaction(id: number): Promise<void>;
declare function upsertTransaction(idAccount: number, id: number, value: number, date: string): Promise<void>;
