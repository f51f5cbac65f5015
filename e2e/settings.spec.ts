import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail, watchConsole } from "./support/browser";
import { SECRET_FIELDS } from "../lib/settings/secret-fields";

/** Letters and digits only, so a match in a page can only be the value itself, never an escaped form of it. */
const randomChars = (length: number) => randomBytes(length * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, length);


type Body = { url: string; type: string; body: string };

/**
 * Every HTML, RSC and JSON body the browser receives, server action answers included: a secret
 * must not come back in any of them, not only in the page's final HTML.
 */
function collectBodies(page: Page): () => Promise<Body[]> {
  const reads: Promise<Body>[] = [];
  page.on("response", (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/html|x-component|json|text\/plain/.test(type)) return;
    const url = response.url();
    // Redirects and aborted navigations have no body to read.
    reads.push(response.text().then((body) => ({ url, type, body }), () => ({ url, type, body: "" })));
  });
  return () => Promise.all(reads);
}

async function register(page: Page, email: string) {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Sam Settings");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
}

const toast = (page: Page, variant: "success" | "error", text: string) => page.getByTestId(`toast-${variant}`).filter({ hasText: text });

test("a trader saves keys and preferences, sees only masks, removes a key; another trader sees defaults", async ({ page, browser, baseURL }) => {
  const problems = watchConsole(page);
  const bodies = collectBodies(page);
  const apiKey = `E2EKEY${randomChars(20)}`;
  const apiSecret = randomChars(40);

  await register(page, uniqueEmail("settings"));
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("mask-exchange.api_key")).toHaveText("Not set");

  // Exchange keys: typed, saved, and the inputs come back empty with the mask beside them.
  const exchange = page.getByTestId("exchange-form");
  await exchange.getByLabel("API key", { exact: true }).fill(apiKey);
  await exchange.getByLabel("API secret", { exact: true }).fill(apiSecret);
  await expect(exchange.getByLabel("Live", { exact: true })).toBeDisabled();
  await exchange.getByRole("button", { name: "Save exchange" }).click();
  await expect(toast(page, "success", "Exchange settings saved")).toBeVisible();
  await expect(page.getByTestId("mask-exchange.api_key")).toHaveText(`Set ••••${apiKey.slice(-4)}`);
  await expect(page.getByTestId("mask-exchange.api_secret")).toHaveText(`Set ••••${apiSecret.slice(-4)}`);
  await expect(exchange.getByLabel("API key", { exact: true })).toHaveValue("");

  // Trading preferences and display.
  const trading = page.getByTestId("trading-form");
  await trading.getByLabel("Default stop-loss").fill("3.5");
  await trading.getByLabel("Default pairs").fill("BTC/USDT, sol/usdt");
  await trading.getByLabel("Trailing stop").fill("1.2");
  await trading.getByRole("button", { name: "Save preferences" }).click();
  await expect(toast(page, "success", "Trading preferences saved")).toBeVisible();
  const display = page.getByTestId("display-form");
  await display.getByLabel("Time zone").selectOption("Europe/Berlin");
  await display.getByLabel("Theme").selectOption("light");
  await display.getByRole("button", { name: "Save display" }).click();
  await expect(toast(page, "success", "Display settings saved")).toBeVisible();

  // After a reload: masks, the stored (normalised) values, and no key anywhere in the page.
  await page.reload();
  await expect(page.getByTestId("mask-exchange.api_key")).toHaveText(`Set ••••${apiKey.slice(-4)}`);
  await expect(page.getByTestId("mask-exchange.api_secret")).toHaveText(`Set ••••${apiSecret.slice(-4)}`);
  await expect(page.getByTestId("mask-exchange.passphrase")).toHaveText("Not set");
  await expect(exchange.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(exchange.getByLabel("API key", { exact: true })).toHaveAttribute("placeholder", new RegExp(`^•••• ${apiKey.slice(-4)} — saved \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`));
  await expect(trading.getByLabel("Default stop-loss")).toHaveValue("3.5");
  await expect(trading.getByLabel("Default pairs")).toHaveValue("BTC/USDT, SOL/USDT");
  await expect(trading.getByLabel("Trailing stop")).toHaveValue("1.2");
  await expect(display.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(display.getByLabel("Theme")).toHaveValue("light");
  await expect(page.locator("html")).toHaveClass("light");
  let html = await page.content();
  expect(html).not.toContain(apiKey);
  expect(html).not.toContain(apiSecret);

  // A value out of range is refused with the trader-facing message under the field, and kept in it.
  await trading.getByLabel("Default stop-loss").fill("80");
  await trading.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByTestId("errors-stop_loss_pct")).toHaveText("The default stop-loss must be between 0.1% and 50%.");
  await expect(trading.getByLabel("Default stop-loss")).toHaveAttribute("aria-invalid", "true");
  await expect(trading.getByLabel("Default stop-loss")).toHaveValue("80");
  await expect(toast(page, "error", "Trading preferences not saved")).toBeVisible();

  // Removing the API key leaves the secret alone.
  await page.getByTestId("remove-exchange.api_key").click();
  await expect(toast(page, "success", "API key removed")).toBeVisible();
  await expect(page.getByTestId("mask-exchange.api_key")).toHaveText("Not set");
  await expect(page.getByTestId("remove-exchange.api_key")).toHaveCount(0);
  await expect(page.getByTestId("mask-exchange.api_secret")).toHaveText(`Set ••••${apiSecret.slice(-4)}`);

  // The webhook signing secret is shown once, then only as a mask.
  await expect(page.getByTestId("mask-notifications.webhook_secret")).toHaveText("Not set");
  await page.getByTestId("generate-webhook-secret").click();
  const once = page.getByTestId("webhook-secret-once");
  await expect(once).toHaveText(/^whsec_\S+$/);
  const webhookSecret = (await once.textContent()) ?? "";
  await expect(page.getByTestId("mask-notifications.webhook_secret")).toHaveText(`Set ••••${webhookSecret.slice(-4)}`);

  await page.reload();
  await expect(page.getByTestId("mask-notifications.webhook_secret")).toHaveText(`Set ••••${webhookSecret.slice(-4)}`);
  await expect(once).toHaveCount(0);
  await expect(page.getByTestId("mask-exchange.api_key")).toHaveText("Not set");
  // The refused 80 was never stored.
  await expect(trading.getByLabel("Default stop-loss")).toHaveValue("3.5");
  html = await page.content();
  expect(html).not.toContain(webhookSecret);
  expect(html).not.toContain(apiSecret);

  // Nothing the browser received during the whole session carried the exchange key or secret.
  const seen = await bodies();
  // The check is only worth something if the server actions' answers were among the bodies read.
  expect(seen.filter((b) => b.type.includes("x-component") && b.body.length > 0).length).toBeGreaterThanOrEqual(5);
  for (const { url, body } of seen) {
    expect(body.includes(apiKey), `API key in ${url}`).toBe(false);
    expect(body.includes(apiSecret), `API secret in ${url}`).toBe(false);
  }
  expect(problems).toEqual([]);

  // Another trader, in a separate browser, sees the defaults and none of the first trader's masks.
  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  const otherProblems = watchConsole(other);
  await register(other, uniqueEmail("other"));
  await other.goto("/settings");
  const otherTrading = other.getByTestId("trading-form");
  await expect(otherTrading.getByLabel("Default stop-loss")).toHaveValue("2");
  await expect(otherTrading.getByLabel("Default pairs")).toHaveValue("BTC/USDT, ETH/USDT");
  await expect(other.locator("html")).toHaveClass("dark");
  await expect(otherTrading.getByLabel("Trailing stop")).toHaveValue("");
  await expect(other.getByTestId("display-form").getByLabel("Time zone")).toHaveValue("UTC");
  await expect(other.getByTestId("display-form").getByLabel("Theme")).toHaveValue("dark");
  for (const field of SECRET_FIELDS) await expect(other.getByTestId(`mask-${field}`)).toHaveText("Not set");
  const otherHtml = await other.content();
  expect(otherHtml).not.toContain(apiSecret);
  expect(otherHtml).not.toContain(webhookSecret);
  expect(otherProblems).toEqual([]);
  await context.close();
});

test("a stored secret that no longer decrypts shows as unreadable and can be entered again", async ({ page }) => {
  const problems = watchConsole(page);
  const email = uniqueEmail("unreadable");
  const coingeckoKey = `CG-${randomChars(24)}`;
  await register(page, email);
  await page.goto("/settings");
  const marketData = page.getByTestId("market-data-form");
  await marketData.getByLabel("CoinGecko API key").fill(coingeckoKey);
  await marketData.getByRole("button", { name: "Save market data" }).click();
  await expect(page.getByTestId("mask-market_data.coingecko_api_key")).toHaveText(`Set ••••${coingeckoKey.slice(-4)}`);
  const exchange = page.getByTestId("exchange-form");
  await exchange.getByLabel("API key", { exact: true }).fill(`E2EKEY${randomChars(20)}`);
  await exchange.getByLabel("API secret", { exact: true }).fill(randomChars(40));
  await exchange.getByRole("button", { name: "Save exchange" }).click();
  await expect(page.getByTestId("mask-exchange.api_secret")).toHaveText(/^Set ••••/);

  // A ciphertext moved to another field fails its associated-data check, as after tampering.
  const db = new Database(process.env.E2E_DATABASE_PATH!);
  try {
    db.pragma("busy_timeout = 5000");
    const moved = db
      .prepare(
        `UPDATE user_secrets SET ciphertext = (SELECT s.ciphertext FROM user_secrets s WHERE s.user_id = user_secrets.user_id AND s.field = 'exchange.api_secret')
         WHERE field = 'market_data.coingecko_api_key' AND user_id = (SELECT id FROM users WHERE email = ?)`,
      )
      .run(email);
    expect(moved.changes).toBe(1);
  } finally {
    db.close();
  }

  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("unreadable-market_data.coingecko_api_key")).toHaveText("Unreadable: enter it again.");
  await expect(page.getByTestId("mask-market_data.coingecko_api_key")).toHaveText("Unreadable");
  await expect(page.getByTestId("mask-exchange.api_secret")).toHaveText(/^Set ••••/);

  await marketData.getByLabel("CoinGecko API key").fill(coingeckoKey);
  await marketData.getByRole("button", { name: "Save market data" }).click();
  await expect(page.getByTestId("mask-market_data.coingecko_api_key")).toHaveText(`Set ••••${coingeckoKey.slice(-4)}`);
  await expect(page.getByTestId("unreadable-market_data.coingecko_api_key")).toHaveCount(0);
  // The server logs the unreadable secret; the browser must not see an error for it.
  expect(problems).toEqual([]);
});
