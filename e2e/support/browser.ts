import type { Browser, BrowserContext, Page } from "@playwright/test";

export const PASSWORD = "Tr4ding-Desk!2026";

export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;

/** Collects console errors, uncaught exceptions and CSP violations; a test expects the list empty. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Registers a trader through the form and returns their signed-in browser state, for a whole spec file. */
export async function registerTrader(browser: Browser, name: string, label: string): Promise<StorageState> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(uniqueEmail(label));
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** A new page signed in with `state`, watched for console errors, opened at `path`. */
export async function openSignedIn(browser: Browser, state: StorageState, path: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ storageState: state });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(path);
  return { page, problems };
}

export type Answer = { status: number; body: any };

/**
 * Writes through the API from the page, with its session cookie and the same-origin headers the
 * server requires of cookie-authenticated writes. Reads go through page.request instead.
 */
export async function api(page: Page, method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/api/v1${path}`, {
        method,
        credentials: "same-origin",
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}
