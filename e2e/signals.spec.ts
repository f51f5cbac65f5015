import { expect, test } from "@playwright/test";
import { openSignedIn, registerTrader, type StorageState } from "./support/browser";

let trader: StorageState;

test.beforeAll(async ({ browser }) => {
  trader = await registerTrader(browser, "Sig Nal", "signals");
});

test("the signals page shows each default pair's signal with reasons that add up, its chart levels, the statistics and the caveats", async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, problems } = await openSignedIn(browser, trader, "/signals");
  const row = page.getByTestId("signal-row").filter({ has: page.getByRole("button", { name: "Show BTC/USDT on the chart with its levels" }) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId("signal-direction")).toHaveAttribute("data-side", /^(buy|sell|hold)$/);

  // The same signal as the API, and its reason lines sum to its score.
  const api = await (await page.request.get("/api/v1/trading/signals/BTC-USDT")).json();
  const reasons = row.getByRole("button", { name: "Reasons" });
  await reasons.click();
  await expect(reasons).toHaveAttribute("aria-expanded", "true");
  const lines = page.getByTestId("signal-reasons").getByTestId("signal-reason");
  await expect(lines).toHaveCount(api.reasons.length);
  const sum = api.reasons.reduce((s: number, r: { contribution: number }) => s + r.contribution, 0);
  expect(sum).toBeCloseTo(api.score, 12);
  expect(Math.abs(api.score)).toBeCloseTo(api.confidence, 12);

  await row.getByRole("button", { name: "Show BTC/USDT on the chart with its levels" }).click();
  await expect(page.getByTestId("signal-chart")).toContainText("BTC/USDT");
  await expect(page.getByTestId("signal-chart-levels")).not.toBeEmpty();

  // Statistics come from recorded signals: the server's recorder backfills the tracked pairs' recent candles.
  await expect
    .poll(async () => ((await (await page.request.get("/api/v1/trading/signals/stats")).json()).items ?? []).length, { timeout: 120_000, intervals: [2_000] })
    .toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId("signal-stats").getByTestId("signal-stats-row").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("signal-caveats")).toContainText("not a probability");
  await page.context().close();
  expect(problems).toEqual([]);
});
