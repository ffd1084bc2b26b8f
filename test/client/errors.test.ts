import nock from "nock";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  Budgea,
  BudgeaError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  SCARequiredError,
  WebsiteUnavailableError,
  WrongPassError,
} from "../../src/index.js";

const BASE = "https://errors.biapi.pro/2.0";
const budgea = new Budgea({ domain: "errors", token: "t0k3n", maxRetries: 0 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// restore(): nock patches node:http for the whole process, and jest runs files in one process on 2 cores
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

async function failure(status: number, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  nock(BASE).get("/banks").reply(status, body, { "content-type": "application/json", ...headers });
  return budgea.api.GET("/banks").then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("each error class from a real response", () => {
  test.each([
    [400, { code: "invalidValue", message: "bad" }, BadRequestError],
    [401, { code: "invalidToken" }, AuthenticationError],
    [403, { code: "forbidden" }, AuthenticationError],
    [404, { code: "notFound" }, NotFoundError],
    [409, { code: "conflict" }, ConflictError],
    [429, { code: "tooManyRequests" }, RateLimitError],
    [500, { code: "internalError" }, InternalServerError],
    [503, { code: "unavailable" }, InternalServerError],
    [400, { code: "wrongpass", message: "Wrong password" }, WrongPassError],
    [400, { code: "websiteUnavailable" }, WebsiteUnavailableError],
    [400, { code: "SCARequired" }, SCARequiredError],
  ])("%i %j → %p", async (status, body, Class) => {
    const error = (await failure(status, JSON.stringify(body))) as APIError;
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(BudgeaError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(body.code);
    expect(error.method).toBe("GET");
    expect(error.path).toBe("/banks");
    expect(error.name).toBe((Class as { name: string }).name);
    expect(error.message).toContain(body.code);
  });

  test("a 5xx is an InternalServerError whatever its code, and the code is kept", async () => {
    const error = (await failure(500, '{"code":"bug","message":"boom"}')) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBe("bug");
  });

  test("an unknown code is kept as a string on APIError, not dropped", async () => {
    const error = (await failure(418, '{"code":"brandNewCode","message":"new"}')) as APIError;
    expect(error.constructor).toBe(APIError);
    expect(error.code).toBe("brandNewCode");
    expect(error.message).toBe("418 brandNewCode: new (GET /banks on errors.biapi.pro)");
  });

  test("response headers and the request id travel with the error", async () => {
    const error = (await failure(404, '{"code":"notFound"}', { "x-request-id": "req-42" })) as APIError;
    expect(error.requestId).toBe("req-42");
    expect(error.headers["x-request-id"]).toBe("req-42");
  });

  test("an HTML error page: the status decides, no crash", async () => {
    const error = (await failure(502, "<html><body>Bad gateway</body></html>", { "content-type": "text/html" })) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("502 error (GET /banks on errors.biapi.pro)");
  });

  test.each([
    ["truncated JSON", '{"banks":[{"id":1', "application/json"],
    ["an HTML page", "<html>maintenance</html>", "text/html"],
    ["an empty body", "", "application/json"],
  ])("a 200 with %s is an InvalidResponseError", async (_, body, contentType) => {
    nock(BASE).get("/banks").reply(200, body, { "content-type": contentType });
    const error = await budgea.api.GET("/banks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(200);
  });

  test("success: data is the parsed body, typed", async () => {
    nock(BASE).get("/banks").query({ expand: "fields" }).reply(200, { banks: [{ id: 59, name: "Bank" }], total: 1 });
    const { data, response } = await budgea.api.GET("/banks", { params: { query: { expand: "fields" } } });
    expect(data.banks[0]?.name).toBe("Bank");
    expect(response.status).toBe(200);
  });
});
