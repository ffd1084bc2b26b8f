/**
 * The corpus of current-API bodies (test/fixtures/today), checked three ways: each validates against the
 * schema of the operation it answers (Ajv, as the contract test reads the overlaid document); each compiles
 * assigned to the type a user reads it as (the fixtures are typed: `npm run typecheck`, and
 * test/types/today.ts); and the workflow that reads it does the right thing: paginate, the connection step,
 * the webhook verifier, the date readers.
 */
import ajvModule from "ajv";
import formatsModule from "ajv-formats";
import type { Doc } from "../../scripts/lib/oas.js";
import { responseChecker } from "../../scripts/contract/response-check.js";
import { built } from "../spec/support/document.js";
import {
  Budgea,
  ConnectionStateError,
  parseBudgeaDateTime,
  parseBudgeaUtcDateTime,
  signWebhook,
  syncedConnections,
  verifyWebhook,
} from "../../src/index.js";
import { stepOf } from "../../src/connections.js";
import {
  CORPUS,
  accountsList,
  connectionBeforeFirstSync,
  connectionWithEmptyState,
  connectionDecoupled,
  connectionInUnknownState,
  connectionSynced2020,
  connectionSyncedToday,
  transactionsList,
} from "../fixtures/today/index.js";

let doc: Doc;
beforeAll(async () => {
  ({ doc } = await built());
});

function webhookValidator(document: Doc, schema: string) {
  const ajv = new ajvModule.default({ strict: false, allErrors: true });
  formatsModule.default(ajv, ["date"]);
  ajv.addSchema(document, "doc");
  return ajv.getSchema(`doc#/components/schemas/${schema}`)!;
}

describe("each body validates against its operation's schema", () => {
  test.each(CORPUS.map((entry) => [entry.name, entry] as const))("%s", (_name, { answers, body }) => {
    const [kind, target] = answers.split(" ") as [string, string];
    if (kind === "webhook") {
      const validate = webhookValidator(doc, target);
      expect([validate(body), validate.errors]).toEqual([true, null]);
    } else {
      expect(responseChecker(doc)(target, kind.toLowerCase(), 200, body)).toEqual([]);
    }
  });

  test("the check bites: the 2020 schema's promises, broken by the same bodies, are refused", () => {
    const check = responseChecker(doc);
    const path = "/users/{id_user}/accounts";
    const [first] = accountsList.accounts;
    expect(check(path, "get", 200, { ...accountsList, accounts: [{ ...first, balance: "2893.36" }] })).not.toEqual([]);
    expect(check(path, "get", 200, { ...accountsList, accounts: [{ ...first, bookmarked: 2 }] })).not.toEqual([]);
    const validate = webhookValidator(doc, "ConnectionSyncedEvent");
    expect(validate({ user: { id: 1, signin: "2025-03-01 09:58:12" } })).toBe(false); // neither form
  });
});

describe("the workflows read them right", () => {
  test("paginate yields every transaction of the page, the summary_card and the value-less one included", async () => {
    const fetch = async () => Response.json(transactionsList);
    const user = new Budgea({ baseUrl: "https://demo.example/2.0", token: "t", fetch });
    const list = user.paginate("/users/{id_user}/accounts/{id_account}/transactions", {
      params: { path: { id_user: "me", id_account: 17 }, query: { limit: 4 } },
    });
    const seen = [];
    for await (const tx of list) seen.push(tx);
    expect(seen.map((tx) => [tx.id, tx.type, tx.value])).toEqual([
      [3101, "card", -16.22],
      [3100, "summary_card", -612.4],
      [3099, "transfer", 2450],
      [3098, "payment", null],
    ]);
  });

  test("the connection step: not synced yet is connected, an empty state too, decoupled waits, an unknown state is a typed error", () => {
    expect(stepOf(connectionBeforeFirstSync, 200, "GET /users/me/connections/7", []).status).toBe("connected");
    expect(stepOf(connectionWithEmptyState, 200, "GET /users/me/connections/7", []).status).toBe("connected");
    expect(stepOf(connectionDecoupled, 200, "GET /users/me/connections/8", []).status).toBe("decoupled");
    let error: unknown;
    try {
      stepOf(connectionInUnknownState, 200, "GET /users/me/connections/9", []);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConnectionStateError);
    expect(error).toMatchObject({ code: "notSupported", connectionId: 9 });
  });

  test.each([
    ["today's body", connectionSyncedToday],
    ["the 2020 body", connectionSynced2020],
  ])("the webhook verifier recognises CONNECTION_SYNCED in %s, without the `event` option", async (_form, payload) => {
    const body = JSON.stringify(payload);
    const date = new Date("2025-03-28T06:13:00Z");
    const headers = await signWebhook({ path: "/hooks/budgea", body, secret: "whsec-corpus", date });
    const event = await verifyWebhook(
      { method: "POST", path: "/hooks/budgea", headers, rawBody: body },
      { hmacSecret: "whsec-corpus", now: () => date.getTime() },
    );
    expect(event.type).toBe("CONNECTION_SYNCED");
    if (event.type !== "CONNECTION_SYNCED") throw new Error("narrowing");
    const [connection, ...others] = syncedConnections(event.payload);
    expect([connection?.id, others.length, event.idUser, event.idWebhookData]).toEqual([
      7,
      0,
      1,
      payload.id_webhook_data,
    ]);
    const transactions = connection?.accounts?.flatMap((account) => account.transactions ?? []) ?? [];
    expect(transactions.filter((tx) => tx.deleted).map((tx) => tx.id)).toEqual([3090]);
  });

  test("the date readers: a transaction's rdatetime is UTC, its date_scraped Paris time", () => {
    const [card] = transactionsList.transactions;
    expect(parseBudgeaUtcDateTime(card!.rdatetime!).toISOString()).toBe("2025-03-27T22:47:00.000Z");
    expect(parseBudgeaDateTime(card!.date_scraped).toISOString()).toBe("2025-03-28T05:12:31.000Z"); // UTC+1 in March
    // Read as the wrong family, the same text is an hour off.
    expect(parseBudgeaDateTime(card!.rdatetime!).getTime() - parseBudgeaUtcDateTime(card!.rdatetime!).getTime()).toBe(
      -3_600_000,
    );
  });
});
