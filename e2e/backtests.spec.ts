import { expect, test, type Browser, type Page } from "@playwright/test";
import { api, openSignedIn, registerTrader, type StorageState } from "./support/browser";

// One trader for the whole file; every test makes strategies under names of its own.
let trader: StorageState;

test.beforeAll(async ({ browser }) => {
  trader = await registerTrader(browser, "Bea Backtest", "backtests");
});

const DAY = 86_400_000;
const uniqueName = (label: string) => `e2e ${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** "2025-01-31" of UTC midnight `daysAgo` days before today. */
const utcDay = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY).toISOString().slice(0, 10);
/** A run page, not /backtests/new or /backtests/compare. */
const RUN_URL = /\/backtests\/(?!new(?:[?/]|$)|compare(?:[?/]|$))[^/?#]+$/;

/** A moving-average crossover on BTC/USDT 1h with short periods, so three days bring a few trades. */
async function createStrategy(page: Page, label: string): Promise<{ id: string; name: string }> {
  const name = uniqueName(label);
  const created = await api(page, "POST", "/strategies", {
    name,
    type: "ma_cross",
    symbols: ["BTC/USDT"],
    timeframe: "1h",
    parameters: { ma_type: "sma", fast_period: 3, slow_period: 8 },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, name };
}

async function openBacktests(browser: Browser, path = "/backtests"): Promise<{ page: Page; problems: string[] }> {
  const opened = await openSignedIn(browser, trader, path);
  await expect(opened.page.getByTestId(path === "/backtests" ? "backtests" : "new-backtest")).toBeVisible();
  return opened;
}

type Seen = { percents: number[] };

test("a backtest runs from the form, shows its progress, then its metrics and trade markers", async ({ browser }) => {
  const { page, problems } = await openBacktests(browser);
  const strategy = await createStrategy(page, "flow");

  await page.goto(`/backtests/new?strategy_id=${encodeURIComponent(strategy.id)}`);
  const form = page.getByTestId("new-backtest-form");
  await expect(form).toBeVisible();
  // The link preselects the strategy, its timeframe and its pairs.
  await expect(form.getByLabel("Strategy")).toHaveValue(strategy.id);
  await expect(form.getByLabel("Timeframe")).toHaveValue("1h");
  await expect(form.getByLabel("Pairs")).toHaveValue("BTC/USDT");
  await expect(form.getByLabel("Apply account caps")).toBeChecked();
  await expect(form.getByLabel("Starting balance")).toHaveAttribute("placeholder", "From your settings");

  await form.getByLabel("Start (UTC)").fill(utcDay(3));
  await form.getByLabel("End (UTC)").fill(utcDay(0));

  // The run page is reached by client-side navigation, so an observer installed now sees every
  // value the progress bar shows there, however briefly.
  await page.evaluate(() => {
    const seen: Seen = { percents: [] };
    (window as unknown as { backtestSeen: Seen }).backtestSeen = seen;
    new MutationObserver(() => {
      const value = document.querySelector('[data-testid="backtest-running"] [role="progressbar"]')?.getAttribute("aria-valuenow");
      if (value && seen.percents.at(-1) !== Number(value)) seen.percents.push(Number(value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });

  await form.getByRole("button", { name: "Run backtest" }).click();
  await page.waitForURL(RUN_URL);
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  // Progress ends at 100, or the run finished before the page first read it.
  const results = page.getByTestId("backtest-results");
  await expect(results.or(page.locator('[role="progressbar"][aria-valuenow="100"]')).first()).toBeVisible({ timeout: 30_000 });
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("backtest-detail")).toHaveAttribute("data-status", "completed");
  const seen = await page.evaluate(() => (window as unknown as { backtestSeen: Seen }).backtestSeen);
  for (const pct of seen.percents) {
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
  }

  // The deployment's market is simulated, and the page says so.
  await expect(page.getByTestId("simulated-banner")).toBeVisible();

  // Metric cards: the total return is a signed percentage.
  const totalReturn = page.getByTestId("metric-total_return_pct").getByTestId("metric-value");
  await expect(totalReturn).toHaveText(/^[+−]?\d[\d,]*\.\d{2}%$/);
  await expect(page.getByTestId("metric-trades_count").getByTestId("metric-value")).toHaveText(/^\d[\d,]*$/);

  // Trade markers: one per trade the API lists for the symbol.
  const markers = page.getByTestId("trade-markers");
  await expect(markers).toBeVisible({ timeout: 15_000 });
  const count = Number(await markers.getAttribute("data-count"));
  expect(count).toBeGreaterThanOrEqual(0);
  const trades = await page.request.get(`/api/v1/backtests/${encodeURIComponent(id)}/trades?symbol=${encodeURIComponent("BTC/USDT")}&limit=1000`);
  expect(trades.status()).toBe(200);
  expect((await trades.json()).items).toHaveLength(count);
  expect(Number(await markers.getAttribute("data-markers"))).toBeLessThanOrEqual(2 * count);

  // The trade table shows the same trades (the first page of them), sortable by its headers.
  const table = page.getByTestId("trades-table");
  if (count === 0) {
    await expect(table).toContainText("No trades");
  } else {
    await expect(table.getByTestId("trade-row")).toHaveCount(Math.min(count, 200));
    const pnlHeader = table.getByRole("columnheader", { name: "P&L", exact: true });
    await table.getByTestId("trades-sort-pnl").click();
    await expect(pnlHeader).toHaveAttribute("aria-sort", "descending");
  }
  await expect(page.getByTestId("trades-export")).toHaveAttribute("href", `/api/v1/backtests/${encodeURIComponent(id)}/trades?format=csv`);

  await page.context().close();
  expect(problems).toEqual([]);
});

test("a refused field is marked invalid and described by the server's message", async ({ browser }) => {
  const { page, problems } = await openBacktests(browser);
  const strategy = await createStrategy(page, "invalid");
  await page.goto(`/backtests/new?strategy_id=${encodeURIComponent(strategy.id)}`);
  const form = page.getByTestId("new-backtest-form");
  await expect(form.getByLabel("Strategy")).toHaveValue(strategy.id);

  await form.getByLabel("Start (UTC)").fill(utcDay(3));
  await form.getByLabel("End (UTC)").fill(utcDay(0));
  // The server accepts at least 10.
  await form.getByLabel("Starting balance").fill("5");
  await form.getByRole("button", { name: "Run backtest" }).click();

  const balance = form.getByLabel("Starting balance");
  await expect(balance).toHaveAttribute("aria-invalid", "true");
  const described = (await balance.getAttribute("aria-describedby"))?.split(" ") ?? [];
  const errorsId = described.find((id) => id.endsWith("-errors"));
  expect(errorsId).toBeTruthy();
  await expect(page.locator(`[id="${errorsId}"]`)).toContainText("at least 10");
  await expect(balance).toBeFocused();
  expect(page.url()).toContain("/backtests/new");

  await page.context().close();
  // The refused request is an HTTP 422, which the browser logs; nothing else may be.
  expect(problems.filter((problem) => !/status of 422/.test(problem))).toEqual([]);
});

test("the list shows a finished run with its headline and deletes it through the confirm", async ({ browser }) => {
  const { page, problems } = await openBacktests(browser);
  const strategy = await createStrategy(page, "list");
  const created = await api(page, "POST", "/backtests", { strategy_id: strategy.id, start: utcDay(2), end: utcDay(0) });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const id: string = created.body.id;
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/backtests/${encodeURIComponent(id)}`)).json()).status, { timeout: 30_000 })
    .toBe("completed");

  await page.reload();
  const row = page.locator(`[data-testid="backtest-row"][data-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "completed");
  await expect(row).toContainText(strategy.name);
  await expect(row.getByTestId("simulated-tag")).toBeVisible();
  await expect(row.getByRole("cell").nth(6)).toHaveText(/^[+−]?\d[\d,]*\.\d{2}%$/);

  await row.getByTestId("backtest-delete").click();
  const confirm = row.getByTestId("backtest-delete-confirm");
  await expect(confirm).toBeFocused();
  await confirm.click();
  await expect(page.getByTestId("toast-success")).toContainText("Backtest deleted");
  await expect(row).toHaveCount(0);
  // Read outside the page: a 404 there would be logged to its console.
  expect((await page.request.get(`/api/v1/backtests/${encodeURIComponent(id)}`)).status()).toBe(404);

  await page.context().close();
  expect(problems).toEqual([]);
});

test("a rules strategy built in the builder is backtested: progress reaches 100, then metrics and trade markers", async ({ browser }) => {
  const { page, problems } = await openSignedIn(browser, trader, "/strategies/new");
  const name = uniqueName("rules run");
  await page.getByRole("radio", { name: "Rules", exact: true }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  // The form starts from the trader's default pairs; this strategy trades ADA alone.
  const chosen = page.getByTestId("strategy-pairs");
  for (const symbol of await chosen.getByRole("listitem").allTextContents()) await chosen.getByRole("button", { name: `Remove ${symbol.trim()}` }).click();
  await page.getByLabel("Pairs", { exact: true }).fill("ADA/USDT");
  await page.getByLabel("Pairs", { exact: true }).press("Enter");
  await expect(chosen.getByRole("listitem")).toHaveText(["ADA/USDT"]);
  // Entry: close crosses above SMA(50) (the example) and RSI(14) below 70; exit: the cross back.
  const entry = page.getByRole("group", { name: "Entry", exact: true });
  await entry.getByRole("button", { name: "Add entry condition" }).click();
  const second = page.getByRole("group", { name: "Entry condition 2" });
  await second.getByLabel("Left: type").selectOption("indicator");
  await second.getByRole("group", { name: "Left", exact: true }).getByLabel("Indicator").selectOption("rsi");
  await second.getByLabel("Comparison").selectOption("<");
  await second.getByLabel("Right: type").selectOption("constant");
  await second.getByRole("group", { name: "Right", exact: true }).getByLabel("Value").fill("70");
  await expect(second).toContainText("RSI(14) is below 70");
  await page.getByRole("button", { name: "Create strategy" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("link", { name: "Backtest", exact: true }).click();
  const form = page.getByTestId("new-backtest-form");
  await expect(form.getByLabel("Pairs")).toHaveValue("ADA/USDT");
  // The server keeps only the last 500 hourly candles fresh, so the run first downloads (computes)
  // most of 150 days in pages of 1,000, each a step of progress, then replays them: long enough on
  // a busy test server for the page to show the bar moving.
  await form.getByLabel("Start (UTC)").fill(utcDay(150));
  await form.getByLabel("End (UTC)").fill(utcDay(0));
  await page.evaluate(() => {
    const seen: Seen = { percents: [] };
    (window as unknown as { backtestSeen: Seen }).backtestSeen = seen;
    const record = () => {
      const value = document.querySelector('[data-testid="backtest-progress"] [role="progressbar"]')?.getAttribute("aria-valuenow");
      if (value && seen.percents.at(-1) !== Number(value)) seen.percents.push(Number(value));
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  await form.getByRole("button", { name: "Run backtest" }).click();
  await page.waitForURL(RUN_URL);
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  await expect(page.getByTestId("backtest-results")).toBeVisible({ timeout: 60_000 });
  const { percents } = await page.evaluate(() => (window as unknown as { backtestSeen: Seen }).backtestSeen);
  // The bar moved forward through the download and the replay and ended full.
  expect(percents.at(-1)).toBe(100);
  expect(percents.length).toBeGreaterThanOrEqual(2);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));

  const run = await (await page.request.get(`/api/v1/backtests/${encodeURIComponent(id)}`)).json();
  expect(run.status).toBe("completed");
  const trades = (await (await page.request.get(`/api/v1/backtests/${encodeURIComponent(id)}/trades?limit=1000`)).json()).items;
  expect(trades.length).toBeGreaterThan(0);
  await expect(page.getByTestId("metric-trades_count").getByTestId("metric-value")).toHaveText(String(trades.length));
  await expect(page.getByTestId("metric-total_return_pct").getByTestId("metric-value")).toHaveText(/^[+−]?\d[\d,]*\.\d{2}%$/);
  const markers = page.getByTestId("trade-markers");
  await expect(markers).toHaveAttribute("data-count", String(trades.length), { timeout: 15_000 });
  // An entry and an exit arrow per trade (150 days of hourly candles are drawn unmerged).
  await expect(markers).toHaveAttribute("data-markers", String(2 * trades.length));

  await page.context().close();
  expect(problems).toEqual([]);
});
