import { Budgea, BudgeaError, InvalidOptionsError } from "../../src/index.js";

function optionError(options: object): InvalidOptionsError {
  try {
    new Budgea(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toBeInstanceOf(BudgeaError);
    return error as InvalidOptionsError;
  }
  throw new Error("expected an InvalidOptionsError");
}

describe("options are checked at construction, and a bad one is named", () => {
  test.each([
    [{ domain: "not a domain" }, "domain"],
    [{ domain: "demo.biapi.pro/2.0" }, "domain"],
    [{ baseUrl: "ftp://example.com" }, "baseUrl"],
    [{ baseUrl: "not a url" }, "baseUrl"],
    [{ baseUrl: "https://x.test/2.0?token=1" }, "baseUrl"],
    [{ domain: "demo", baseUrl: "https://x.test" }, "baseUrl"],
    [{}, "domain"],
    [{ domain: "demo", timeoutMs: -1 }, "timeoutMs"],
    [{ domain: "demo", timeoutMs: Number.NaN }, "timeoutMs"],
    [{ domain: "demo", maxRetries: 1.5 }, "maxRetries"],
    [{ domain: "demo", maxRetries: -1 }, "maxRetries"],
    [{ domain: "demo", token: "" }, "token"],
    [{ domain: "demo", clientSecret: "s" }, "clientSecret"],
    [{ domain: "demo", fetch: "nope" }, "fetch"],
    [{ domain: "demo", logger: "console" }, "logger"],
    [{ domain: "demo", userAgent: "a\nb" }, "userAgent"],
    [{ domain: "demo", timeout: 5 }, "timeout"],
  ])("%j → %s", (options, option) => {
    const error = optionError(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`\`${option}\``);
  });

  test("a number given as a string shows quoted, so that it does not read as valid", () => {
    expect(optionError({ domain: "demo", timeoutMs: "500" }).message).toContain('(got "500")');
    expect(optionError({ domain: "demo", maxRetries: "2" }).message).toContain('(got "2")');
    expect(optionError({ domain: "demo", timeoutMs: Number.NaN }).message).toContain("(got NaN)");
  });

  test("a valid domain gives the documented base URL", () => {
    expect(new Budgea({ domain: "demo" }).baseUrl).toBe("https://demo.biapi.pro/2.0");
    expect(new Budgea({ baseUrl: "http://127.0.0.1:4010/2.0/" }).baseUrl).toBe("http://127.0.0.1:4010/2.0");
  });

  test("a secret given as an option never shows in the error about another option", () => {
    const error = optionError({ domain: "demo", clientId: 1, clientSecret: "s3cr3t-value", timeoutMs: 0 });
    for (const text of [error.message, String(error), JSON.stringify(error)]) expect(text).not.toContain("s3cr3t-value");
  });
});
