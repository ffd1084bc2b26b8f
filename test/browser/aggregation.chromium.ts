/**
 * `npm run test:browser`: the docs' protocol, client side, in a real browser. A page bundled with the client
 * (esbuild) is served on one loopback port, the sandbox API on another (every call is a CORS request), and
 * Debian's Chromium, headless, is driven through it like a user: start (init a temporary token), pick
 * OTP Bank among the banks listed with their fields, type the credentials, answer the SMS code, see accounts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { type AppServer, pageHtml, startAppServer } from "./helpers/app-server.js";
import { bundlePage } from "./helpers/bundle-page.js";
import { type LoopbackPage, launchChromium, newLoopbackPage } from "./helpers/chromium.js";
import { shows } from "./helpers/page-text.js";

jest.setTimeout(60_000);

let browser: Browser;
let sb: Sandbox;
let app: AppServer;
let tab: LoopbackPage;

beforeAll(async () => {
  const [script, launched, sandbox] = await Promise.all([bundlePage("aggregation"), launchChromium(), startSandbox()]);
  browser = launched;
  sb = sandbox;
  const body = readFileSync(join(__dirname, "pages", "aggregation.html"), "utf8");
  app = await startAppServer({
    "GET /": () => ({ type: "html", body: pageHtml("Aggregation", body, { apiUrl: sb.url }) }),
    "GET /app.js": () => ({ type: "js", body: script }),
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await sb?.close();
});

beforeEach(async () => {
  tab = await newLoopbackPage(browser);
});

afterEach(async () => {
  await tab.context.close();
});

test("init → banks with fields → OTP Bank → SMS code → connected, accounts shown; all cross-origin, all loopback", async () => {
  const { page } = tab;
  await page.goto(`${app.origin}/`);
  expect(new URL(sb.url).origin).not.toBe(app.origin);

  await page.click("#start");
  await shows(page, "#user", /^User #\d+, temporary token until \d{4}-/);
  await page.locator("#bank-form").waitFor();
  const banks = await page.locator("#bank option").allTextContents();
  expect(banks).toEqual(expect.arrayContaining(["Sandbox Bank", "OTP Bank", "Two-Step Bank"]));

  await page.selectOption("#bank", { label: "OTP Bank" });
  // The bank's own fields, labelled as the API describes them.
  await expect(page.locator("#credentials label").allTextContents()).resolves.toHaveLength(2);
  await expect(page.locator("#field-password").getAttribute("type")).resolves.toBe("password");
  await page.fill("#field-login", "12345678");
  await page.fill("#field-password", "123456");
  await page.click("#connect");

  await shows(page, "#status", /^Connection #\d+: additionalInformationNeeded$/);
  await page.locator("#more-form:not([hidden])").waitFor();
  await expect(page.locator("#more-fields label").textContent()).resolves.toBe("Code reçu par SMS (6 chiffres)");
  await page.fill("#field-sms", "123456");
  await page.click("#send");

  await shows(page, "#status", /^Connection #\d+: connected$/);
  await page.locator("#accounts li").first().waitFor();
  const accounts = await page.locator("#accounts li").allTextContents();
  expect(accounts.length).toBeGreaterThan(0);
  for (const line of accounts) expect(line).toMatch(/^.+: -?\d+(\.\d+)?$/);
  expect(await page.locator("#error").textContent()).toBe("");

  // The page really went through CORS: preflights for the JSON POSTs and the bearer GETs.
  expect(sb.requests({ method: "OPTIONS", path: "/users/{id_user}/connections" })).toBeGreaterThan(0);
  expect(sb.requests({ method: "POST", path: "/users/{id_user}/connections" })).toBe(1);
  expect(tab.offLoopback).toEqual([]);
  expect(tab.errors).toEqual([]);
});

test("a wrong password shows the typed error on the page, and never the password", async () => {
  const { page } = tab;
  await page.goto(`${app.origin}/`);
  await page.click("#start");
  await page.locator("#bank-form").waitFor();
  await page.selectOption("#bank", { label: "OTP Bank" });
  await page.fill("#field-login", "12345678");
  await page.fill("#field-password", "000000");
  await page.click("#connect");
  const error = await shows(page, "#error", /./);
  expect(error).toMatch(/^WrongPassError: /);
  expect(error).not.toContain("000000");
  expect(tab.offLoopback).toEqual([]);
});
