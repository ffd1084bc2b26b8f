/**
 * `npm run test:browser`: the webview, for real, offline. An example app page (its own loopback port) builds
 * the URL with `webview.url("connect", …)`; the user completes the sandbox's webview in Debian's Chromium
 * (picks OTP Bank, types credentials and the SMS code, shares the accounts) and is sent back to the app's
 * `/callback`, where `webview.parseCallback` checks `state` and the app's server exchanges the `code` for a
 * permanent token. Then the same trip cancelled (`error=access_denied`), and a forged callback.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { type Sandbox, WEBVIEW_IDS, startSandbox } from "../../src/testing/index.js";
import { bundlePage } from "./helpers/bundle-page.js";
import { type LoopbackPage, launchChromium, newLoopbackPage } from "./helpers/chromium.js";
import { shows } from "./helpers/page-text.js";
import { type WebviewApp, startWebviewApp } from "./helpers/webview-app-server.js";

jest.setTimeout(60_000);

let browser: Browser;
let sb: Sandbox;
let app: WebviewApp;
let tab: LoopbackPage;
const id = (name: string) => `#${name}`;

beforeAll(async () => {
  const [script, launched, sandbox] = await Promise.all([bundlePage("webview-app"), launchChromium(), startSandbox()]);
  browser = launched;
  sb = sandbox;
  app = await startWebviewApp(sb, readFileSync(join(__dirname, "pages", "webview-app.html"), "utf8"), script);
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

/** From the app's page to the webview's first step; returns the webview URL the app built. */
async function openWebview(): Promise<URL> {
  await tab.page.goto(`${app.origin}/`);
  await Promise.all([tab.page.waitForURL(`${sb.url}/**`), tab.page.click("#connect-bank")]);
  await tab.page.locator(id(WEBVIEW_IDS.steps.select)).waitFor();
  return new URL(tab.page.url());
}

test("connect: bank, credentials, SMS code, accounts → back with connection_id, code, state → permanent token on the server", async () => {
  const { page } = tab;
  const webview = await openWebview();
  expect(webview.pathname).toBe("/2.0/auth/webview/en/connect");
  expect(webview.searchParams.get("client_id")).toBe(sb.clientId);
  expect(webview.searchParams.get("redirect_uri")).toBe(`${app.origin}/callback`);
  const state = webview.searchParams.get("state")!;
  expect(state).toMatch(/^[0-9a-f-]{36}$/);

  await page.selectOption(id(WEBVIEW_IDS.connectorSelect), { label: "OTP Bank" });
  await page.click(id(WEBVIEW_IDS.submit));
  await page.locator(id(WEBVIEW_IDS.steps.credentials)).waitFor();
  await page.fill(id(WEBVIEW_IDS.field("login")), "12345678");
  await page.fill(id(WEBVIEW_IDS.field("password")), "123456");
  await page.click(id(WEBVIEW_IDS.submit));
  await page.locator(id(WEBVIEW_IDS.steps.additional)).waitFor();
  await page.fill(id(WEBVIEW_IDS.field("sms")), "123456");
  await page.click(id(WEBVIEW_IDS.submit));
  await page.locator(id(WEBVIEW_IDS.steps.accounts)).waitFor();
  const shared = await page.locator(`${id(WEBVIEW_IDS.steps.accounts)} input[type=checkbox]:checked`).count();
  await Promise.all([page.waitForURL(`${app.origin}/callback?**`), page.click(id(WEBVIEW_IDS.submit))]);

  const callback = new URL(page.url());
  expect(callback.searchParams.get("state")).toBe(state);
  const connectionId = Number(callback.searchParams.get("connection_id"));
  const code = callback.searchParams.get("code")!;
  expect(code).toBeTruthy();

  const text = await shows(page, "#result", /^Bank connected/);
  const [linked] = app.linked;
  expect(app.linked).toHaveLength(1);
  expect(linked).toMatchObject({ code, type: "permanent", connectionId });
  expect(text).toBe(
    `Bank connected: OTP Bank, connection #${connectionId} of user #${linked!.idUser}, ${shared} accounts`,
  );
  expect(shared).toBeGreaterThan(0);

  // The permanent token stays on the server: not in the page, its URL or its storage.
  const seen = await page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      location.href,
      JSON.stringify(sessionStorage),
      JSON.stringify(localStorage),
    ].join("\n"),
  );
  expect(seen).not.toContain(linked!.token);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0); // the state is used once
  expect(tab.offLoopback).toEqual([]);
  expect(tab.errors).toEqual([]);
});

test("cancel: back with error=access_denied and the state; the app says so and exchanges nothing", async () => {
  const { page } = tab;
  const before = app.linked.length;
  const webview = await openWebview();
  await Promise.all([page.waitForURL(`${app.origin}/callback?**`), page.click(id(WEBVIEW_IDS.cancel))]);
  const callback = new URL(page.url());
  expect(callback.searchParams.get("error")).toBe("access_denied");
  expect(callback.searchParams.get("state")).toBe(webview.searchParams.get("state"));
  expect(callback.searchParams.get("connection_id")).toBeNull();
  expect(await shows(page, "#result", /./)).toBe("You cancelled.");
  expect(app.linked).toHaveLength(before);
  expect(tab.offLoopback).toEqual([]);
  expect(tab.errors).toEqual([]);
});

test("a callback whose state the app did not send is refused before any exchange", async () => {
  const { page } = tab;
  const before = app.linked.length;
  await page.goto(`${app.origin}/callback?connection_id=1&code=stolen&state=forged`);
  expect(await shows(page, "#result", /./)).toBe("This link is not valid any more.");
  expect(app.linked).toHaveLength(before);
});
