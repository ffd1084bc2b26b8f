/** The bodies the current API posts to webhooks, beside the 2020 end-of-sync push. */
import type { Fix } from "../overlay.ts";
import { ref } from "./shared.ts";
import { DOCS } from "./today-shared.ts";

const ID_WEBHOOK_DATA = { type: "integer", description: "Identifies a delivery, so a redelivery is recognised" };

export const todayWebhooks: Fix = {
  id: "today-webhooks",
  defect:
    "The current `CONNECTION_SYNCED` body is one `connection` (with its accounts and their transactions) and the " +
    "`user`; the 2020 body — a `connections` array — lives on only as the deprecated end-of-sync push " +
    "(`USER_SYNCED`). Typed as the 2020 body alone, a handler reads `payload.connections` and crashes on today's.",
  evidence:
    `${DOCS}documentation/integration-guides/webhooks ("Available webhook events": USER_SYNCED "Deprecated. ` +
    'Emitted after multiple connections of a user have been synced", CONNECTION_SYNCED "Emitted after a ' +
    `connection has been synced"); ${DOCS}api-reference/user-connections/users (USER_CREATED and USER_DELETED: ` +
    '"Webhook request: User object"; USER_SYNCED deprecated, "prefer usage of CONNECTION_SYNCED"); ' +
    `${DOCS}api-reference/user-connections/connections, CONNECTION_SYNCED webhook: the \`connection\` and the ` +
    "`user` (the stored copy of that page ends before the section: this shape is issue 12's reading of it).",
  kind: "targeted",
  apply(doc) {
    const s = doc.components.schemas;
    const push = s.ConnectionSyncedEvent;
    if (!push?.properties?.connections || s.ConnectionSyncedPush) return 0;
    s.ConnectionSyncedPush = {
      ...push,
      description: "The 2020 body, today the deprecated end-of-sync push (USER_SYNCED): every connection synced",
    };
    s.ConnectionSyncedCurrent = {
      type: "object",
      description: "The current CONNECTION_SYNCED body: the connection synced (its accounts and new transactions)",
      required: ["connection"],
      properties: {
        connection: ref("Connection"),
        user: ref("User"),
        id_webhook_data: { ...ID_WEBHOOK_DATA },
      },
    };
    s.ConnectionSyncedEvent = {
      description: 'A CONNECTION_SYNCED body in either form: narrow with `"connection" in payload`',
      anyOf: [ref("ConnectionSyncedCurrent"), ref("ConnectionSyncedPush")],
    };
    s.UserWebhookEvent = {
      description: "The USER_CREATED and USER_DELETED body: the user",
      allOf: [ref("User")],
      properties: { id_webhook_data: { ...ID_WEBHOOK_DATA } },
    };
    return 4;
  },
};
