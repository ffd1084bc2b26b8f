/**
 * Headers read strictly: a header the verifier relies on must come once. Two values — an array from a Node-style
 * record, or `a, b` as `Headers` and `node:http` join them — are refused with WebhookHeaderDuplicateError (400),
 * never joined into something that might still verify, nor picked from.
 */
import { createServer } from "node:http";
import { WebhookHeaderDuplicateError, WebhookVerificationError } from "../../src/errors.js";
import { verifyWebhook } from "../../src/webhooks.js";
import { verifyNodeRequest } from "../../src/webhooks-node.js";
import { SECRET, USER_TOKEN, bearerDelivery, signatureOptions, signedDelivery } from "./helpers.js";

const resolveToken = () => USER_TOKEN;

async function refusal(promise: Promise<unknown>): Promise<WebhookHeaderDuplicateError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WebhookHeaderDuplicateError);
  return error as WebhookHeaderDuplicateError;
}

describe("a header the API sends once, given twice, is refused", () => {
  it("two BI-Signature values, as an array or joined, even when one of them is right", async () => {
    const d = signedDelivery();
    const right = d.headers["bi-signature"]!;
    const wrong = signedDelivery({ secret: `${SECRET}-other` }).headers["bi-signature"]!;
    for (const value of [
      [right, wrong],
      [wrong, right],
      [right, right],
    ]) {
      const error = await refusal(
        verifyWebhook({ ...d, headers: { ...d.headers, "bi-signature": value } }, signatureOptions),
      );
      expect([error.header, error.status, error.name]).toEqual(["BI-Signature", 400, "WebhookHeaderDuplicateError"]);
      const joined = new Headers(d.headers);
      joined.set("bi-signature", value[0]!);
      joined.append("bi-signature", value[1]!);
      await refusal(verifyWebhook({ ...d, headers: joined }, signatureOptions));
    }
  });

  it("two BI-Signature-Date values: an HTTP date holds one comma, two dates hold three", async () => {
    const d = signedDelivery();
    const date = d.headers["bi-signature-date"]!;
    const doubled = [`${date}, ${date}`, [date, date], `2025-03-30T01:30:00Z, 2025-03-30T01:30:00Z`];
    for (const value of doubled) {
      const error = await refusal(
        verifyWebhook({ ...d, headers: { ...d.headers, "bi-signature-date": value } }, signatureOptions),
      );
      expect(error.header).toBe("BI-Signature-Date");
    }
    await expect(verifyWebhook(d, signatureOptions)).resolves.toMatchObject({ idWebhookData: 4242 }); // one is fine
  });

  it("two Authorization values (2020 bearer deliveries)", async () => {
    const d = bearerDelivery();
    const bearer = d.headers.authorization!;
    for (const value of [`${bearer}, ${bearer}`, [bearer, "Bearer other"]]) {
      const error = await refusal(
        verifyWebhook({ ...d, headers: { ...d.headers, authorization: value } }, { resolveToken }),
      );
      expect(error.header).toBe("Authorization");
    }
  });

  it("the same header under two spellings of its name in a record", async () => {
    const d = signedDelivery();
    const headers = { ...d.headers, "BI-Signature": d.headers["bi-signature"]! };
    await refusal(verifyWebhook({ ...d, headers }, signatureOptions));
  });

  it("an array of one value is one value", async () => {
    const d = signedDelivery();
    const headers = { ...d.headers, "bi-signature": [d.headers["bi-signature"]!] };
    await expect(verifyWebhook({ ...d, headers }, signatureOptions)).resolves.toMatchObject({ idUser: 7 });
  });

  it("through node:http, which joins repeated headers: refused, answered 400 by the adapter's status", async () => {
    const d = signedDelivery();
    const outcome = await new Promise<unknown>((resolve) => {
      const server = createServer((req, res) => {
        verifyNodeRequest(req, signatureOptions)
          .then(resolve, resolve)
          .finally(() => {
            res.end();
            server.close();
          });
      });
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        const headers: [string, string][] = Object.entries(d.headers);
        headers.push(["bi-signature", d.headers["bi-signature"]!]);
        void fetch(`http://127.0.0.1:${port}${d.path}`, { method: "POST", headers, body: d.body }).catch(() => {});
      });
    });
    expect(outcome).toBeInstanceOf(WebhookHeaderDuplicateError);
    expect((outcome as WebhookVerificationError).status).toBe(400);
  });
});
