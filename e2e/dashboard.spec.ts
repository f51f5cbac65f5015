import { expect, test, type Browser, type Page } from "@playwright/test";
import { openSignedIn, registerTrader, type StorageState } from "./support/browser";

// One trader for the whole file: every test opens the dashboard signed in as them.
let trader: StorageState;

test.beforeAll(async ({ browser }) => {
  trader = await registerTrader(browser, "Dee Dashboard", "dashboard");
});

async function openDashboard(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const opened = await openSignedIn(browser, trader, "/dashboard");
  await expect(opened.page.getByTestId("dashboard")).toBeVisible();
  return opened;
}

const summary = (page: Page) => page.getByTestId("last-candle-summary");

test("live prices change from the event stream, without polling", async ({ browser }) => {
  const { page, problems } = await openDashboard(browser);
  const price = page.locator('[data-testid="price-row"][data-symbol="BTC/USDT"]').getByTestId("price-value");
  await expect(price).toHaveText(/^\d[\d,]*\.\d+$/);
  await expect(page.getByTestId("stream-status")).toHaveAttribute("data-status", "live");
  // Seeded once; from here on only the stream may move the numbers.
  let priceRequests = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/v1/market/prices") priceRequests += 1;
  });
  const first = await price.textContent();
  // The E2E server publishes a tick every second; the row follows within a few.
  await expect(price).not.toHaveText(first ?? "", { timeout: 10_000 });
  expect(priceRequests).toBe(0);

  await page.context().close();
  expect(problems).toEqual([]);
});

test("the chart's last-candle summary is the API's newest closed candle", async ({ browser }) => {
  const { page, problems } = await openDashboard(browser);
  await expect(summary(page)).toHaveAttribute("data-symbol", "BTC/USDT");
  await expect(summary(page)).toHaveAttribute("data-timeframe", "1h");
  await expect(summary(page)).toContainText("BTC/USDT 1h, last closed candle");

  // Retried so a candle closing between the two reads cannot fail the comparison.
  await expect(async () => {
    const response = await page.request.get("/api/v1/market/candles/BTC%2FUSDT?timeframe=1h&limit=3");
    expect(response.status()).toBe(200);
    const body = await response.json();
    const last = body.items.at(-1);
    const shown = summary(page);
    expect(await shown.getAttribute("data-open-time")).toBe(String(last.open_time));
    expect(await shown.getAttribute("data-open")).toBe(String(last.open));
    expect(await shown.getAttribute("data-high")).toBe(String(last.high));
    expect(await shown.getAttribute("data-low")).toBe(String(last.low));
    expect(await shown.getAttribute("data-close")).toBe(String(last.close));
    expect(await shown.textContent()).toContain(`close ${last.close}`);
  }).toPass({ timeout: 10_000 });

  await page.context().close();
  expect(problems).toEqual([]);
});

test("switching timeframe and symbol redraws the chart with the new candles", async ({ browser }) => {
  const { page, problems } = await openDashboard(browser);
  await expect(summary(page)).toHaveAttribute("data-spacing-ms", "3600000");

  const timeframes = page.getByRole("group", { name: "Timeframe" });
  await expect(timeframes.getByRole("button", { name: "1h", exact: true })).toHaveAttribute("aria-pressed", "true");
  await timeframes.getByRole("button", { name: "15m", exact: true }).click();
  await expect(timeframes.getByRole("button", { name: "15m", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(summary(page)).toHaveAttribute("data-timeframe", "15m");
  await expect(summary(page)).toHaveAttribute("data-spacing-ms", "900000");

  // A row of the prices table puts its pair on the chart; the overlays and lower pane toggle.
  await page.locator('[data-testid="price-row"][data-symbol="ETH/USDT"]').click();
  await expect(summary(page)).toHaveAttribute("data-symbol", "ETH/USDT");
  await expect(summary(page)).toHaveAttribute("data-timeframe", "15m");
  await expect(page.getByTestId("chart-symbol")).toHaveValue("ETH/USDT");
  const macd = page.getByRole("group", { name: "Lower pane" }).getByRole("button", { name: "MACD" });
  await macd.click();
  await expect(macd).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: "Lower pane" }).getByRole("button", { name: "RSI" })).toHaveAttribute("aria-pressed", "false");

  await page.context().close();
  expect(problems).toEqual([]);
});

test("the overview widgets render and the badge names the data source", async ({ browser }) => {
  const { page, problems } = await openDashboard(browser);
  await expect(page.getByTestId("data-source-badge")).toContainText("Simulated market");

  // Without CoinGecko the overview is computed: market cap has no value and says why.
  await expect(page.getByTestId("overview-volume").getByTestId("stat-value")).toHaveText(/^\$[\d.]+[KMBT]?$/);
  await expect(page.getByTestId("overview-market-cap").getByTestId("stat-value")).toHaveText("—");
  const meter = page.getByRole("meter", { name: "Fear & Greed index" });
  await expect(meter).toHaveAttribute("aria-valuenow", /^\d+$/);

  await page.context().close();
  expect(problems).toEqual([]);
});
