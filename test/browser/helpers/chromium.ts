/**
 * Debian's Chromium, headless, driven by playwright-core: no browser download. The flags keep it off the
 * network (this machine's network is closed: background requests would only fail, many at a time); each
 * launch gets a fresh, empty profile from playwright. Fenced to loopback: every host name but localhost
 * resolves to nothing, and each page records requests to anything but loopback, so a test can assert that
 * nothing left the machine. Requests are observed, not intercepted: playwright answers CORS preflights
 * itself when it intercepts, and the point here is the sandbox's real CORS answers.
 */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
}

export interface LoopbackPage {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but loopback (which cannot resolve). */
  offLoopback: string[];
  /** Uncaught page errors, console errors and HTTP error answers (but the browser's own favicon probe). */
  errors: string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function newLoopbackPage(browser: Browser): Promise<LoopbackPage> {
  const context = await browser.newContext();
  const offLoopback: string[] = [];
  const errors: string[] = [];
  const page = await context.newPage();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && !LOOPBACK.has(url.hostname)) offLoopback.push(url.href);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // "Failed to load resource" names no URL: the response handler below reports those, with theirs.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== "/favicon.ico")
      errors.push(`HTTP ${response.status()}: ${response.request().method()} ${url.origin}${url.pathname}`);
  });
  page.setDefaultTimeout(15_000);
  return { context, page, offLoopback, errors };
}
