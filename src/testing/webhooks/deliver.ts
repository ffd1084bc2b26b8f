import { type ClientRequest, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

const TIMEOUT_MS = 10_000;

/** POSTs a body to a callback URL without keep-alive (no socket outlives the sandbox); resolves its status. */
export function post(
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
): { request: ClientRequest; status: Promise<number> } {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const request = send(url, { method: "POST", headers, agent: false, timeout: TIMEOUT_MS });
  const status = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on("error", reject);
  });
  request.end(body);
  return { request, status };
}
