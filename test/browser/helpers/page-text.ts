/**
 * Waiting for what the page shows (jest's `expect` does not retry like @playwright/test's): resolves with the
 * element's text once it matches, or fails naming the selector and the text it had at the deadline.
 */
import type { Page } from "playwright-core";

export async function shows(page: Page, selector: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  try {
    await page.waitForFunction(
      ([sel, source, flags]) => new RegExp(source!, flags).test(document.querySelector(sel!)?.textContent ?? ""),
      [selector, pattern.source, pattern.flags],
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    const text = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    const error = await page
      .locator("#error")
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(
      `${selector} never matched ${pattern}: it shows ${JSON.stringify(text)} (#error: ${JSON.stringify(error)})`,
    );
  }
  return (await page.locator(selector).first().textContent())!;
}
