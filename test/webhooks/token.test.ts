import { inspect } from "node:util";
import {
  WebhookHeaderMissingError,
  WebhookPayloadError,
  WebhookPayloadTooLargeError,
  WebhookTokenError,
} from "../../src/errors.js";
import { type TokenContext, verifyWebhook } from "../../src/webhooks.js";
import { USER_TOKEN, bearerDelivery, syncedPayload } from "./helpers.js";

/** Your users' permanent tokens, by user id. */
const tokens = new Map([[7, USER_TOKEN]]);
const resolveToken = ({ idUser }: TokenContext) => (idUser === undefined ? undefined : tokens.get(idUser));

describe("bearer verification (2020)", () => {
  it("accepts the user's own token and hands resolveToken the user, event and payload", async () => {
    const seen: TokenContext[] = [];
    const event = await verifyWebhook(bearerDelivery(), {
      resolveToken: (context) => (seen.push(context), resolveToken(context)),
    });
    expect(event).toMatchObject({ type: "CONNECTION_SYNCED", idUser: 7, idWebhookData: 4242, signedAt: undefined });
    expect(seen).toEqual([{ idUser: 7, name: "CONNECTION_SYNCED", payload: syncedPayload() }]);
  });

  it("accepts an async resolveToken and a lowercase scheme", async () => {
    const d = bearerDelivery();
    const headers = { ...d.headers, authorization: `bearer ${USER_TOKEN}` };
    await expect(
      verifyWebhook({ ...d, headers }, { resolveToken: async (c) => resolveToken(c) }),
    ).resolves.toBeDefined();
  });

  it("refuses another user's token, a near miss, and a user without a token", async () => {
    for (const token of ["someone-elses-token", `${USER_TOKEN}x`, USER_TOKEN.slice(0, -1)]) {
      await expect(verifyWebhook(bearerDelivery({ token }), { resolveToken })).rejects.toBeInstanceOf(
        WebhookTokenError,
      );
    }
    const stranger = bearerDelivery({ body: JSON.stringify(syncedPayload(1, 999)) });
    await expect(verifyWebhook(stranger, { resolveToken })).rejects.toBeInstanceOf(WebhookTokenError);
    await expect(verifyWebhook(bearerDelivery(), { resolveToken: () => "" })).rejects.toBeInstanceOf(WebhookTokenError);
  });

  it("names a missing Authorization header and refuses another scheme", async () => {
    const d = bearerDelivery();
    const missing = await verifyWebhook({ ...d, headers: {} }, { resolveToken }).catch((e) => e);
    expect(missing).toBeInstanceOf(WebhookHeaderMissingError);
    expect(missing.header).toBe("Authorization");
    const basic = { ...d, headers: { authorization: `Basic ${USER_TOKEN}` } };
    await expect(verifyWebhook(basic, { resolveToken })).rejects.toBeInstanceOf(WebhookTokenError);
  });

  it("does not parse or look up anything before the size check", async () => {
    const lookups = jest.fn(resolveToken);
    const big = bearerDelivery({ body: JSON.stringify({ ...syncedPayload(), pad: "x".repeat(5000) }) });
    await expect(verifyWebhook(big, { resolveToken: lookups, maxBytes: 4096 })).rejects.toBeInstanceOf(
      WebhookPayloadTooLargeError,
    );
    await expect(verifyWebhook(bearerDelivery({ body: "{" }), { resolveToken: lookups })).rejects.toBeInstanceOf(
      WebhookPayloadError,
    );
    expect(lookups).not.toHaveBeenCalled();
  });

  it("lets resolveToken's own failure through (answer 5xx: the API redelivers)", async () => {
    const outage = new Error("database down");
    const failing = () => Promise.reject(outage);
    await expect(verifyWebhook(bearerDelivery(), { resolveToken: failing })).rejects.toBe(outage);
  });

  it("never shows either token in an error", async () => {
    const error = await verifyWebhook(bearerDelivery({ token: "presented-canary" }), { resolveToken }).catch((e) => e);
    const shown = [error.message, String(error), JSON.stringify(error), inspect(error)].join("\n");
    expect(shown).not.toContain("presented-canary");
    expect(shown).not.toContain(USER_TOKEN);
  });
});
