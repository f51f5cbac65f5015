import { expect, test, type Locator, type Page } from "@playwright/test";
import { openSignedIn, registerTrader, type StorageState } from "./support/browser";

// One trader for the whole file; the first test starts from an empty list.
let trader: StorageState;

test.beforeAll(async ({ browser }) => {
  trader = await registerTrader(browser, "Stella Strategist", "strategies");
});

const uniqueName = (label: string) => `e2e ${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const toast = (page: Page, variant: "success" | "error", text: string) => page.getByTestId(`toast-${variant}`).filter({ hasText: text });
/** The list row whose name link is exactly `name` (a copy's row also contains the original's name). */
const strategyRow = (page: Page, name: string) => page.getByTestId("strategy-row").filter({ has: page.getByRole("link", { name, exact: true }) });
/**
 * Refused saves answer 422 and an unknown strategy 404, which the browser logs as failed resources;
 * those answers are what the steps check.
 */
const unexpected = (problems: string[]) => problems.filter((problem) => !/status of (422|404)/.test(problem));

async function expectInvalid(field: Locator) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = await field.getAttribute("aria-describedby");
  expect(describedBy ?? "").toMatch(/-errors\b/);
}

test("a moving-average strategy is created through the form, listed, toggled, duplicated, and an invalid edit is shown inline", async ({ browser }) => {
  const { page, problems } = await openSignedIn(browser, trader, "/strategies");
  const name = uniqueName("ma");

  await expect(page.getByRole("heading", { level: 1, name: "Strategies" })).toBeVisible();
  await expect(page.getByText("No strategies yet")).toBeVisible();
  await page.getByRole("link", { name: "New strategy" }).click();
  await expect(page).toHaveURL(/\/strategies\/new$/);

  // Saving with no name is caught before any request.
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Create strategy" }).click();
  await expectInvalid(page.getByLabel("Name", { exact: true }));
  await expect(page.getByTestId("errors-name")).toHaveText("Enter a name.");

  await page.getByRole("radio", { name: "Moving-average crossover" }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  // The trader's default pairs are prefilled: keep BTC/USDT only.
  const pairs = page.getByTestId("strategy-pairs");
  await expect(pairs).toContainText("BTC/USDT");
  await page.getByRole("button", { name: "Remove ETH/USDT" }).click();
  await expect(pairs).not.toContainText("ETH/USDT");
  await page.getByLabel("Timeframe").selectOption("4h");

  // Parameters come from the type's schema, defaults filled in.
  await expect(page.getByLabel("Average", { exact: true })).toHaveValue("sma");
  await expect(page.getByLabel("Fast period")).toHaveValue("10");
  await expect(page.getByLabel("Slow period")).toHaveValue("30");
  await page.getByLabel("Fast period").fill("12");
  await page.getByLabel("Slow period").fill("40");
  // Risk: no stop-loss for this one.
  await page.getByLabel("Stop loss: none").check();
  await expect(page.getByRole("spinbutton", { name: "Stop loss (percent)" })).toBeDisabled();

  await page.getByRole("button", { name: "Create strategy" }).click();
  await expect(toast(page, "success", "Strategy created")).toBeVisible();
  await expect(page).toHaveURL(/\/strategies\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("strategy-parameters")).toContainText("12 candles");
  await expect(page.getByTestId("strategy-risk")).toContainText("None");

  // The list shows it, disabled, with no backtest yet.
  await page.goto("/strategies");
  const row = strategyRow(page, name);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Moving-average crossover");
  await expect(row).toContainText("BTC/USDT");
  await expect(row).toContainText("4h");
  await expect(row).toContainText("No backtest yet");
  const enabled = row.getByRole("switch");
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  await enabled.click();
  await expect(toast(page, "success", "Strategy enabled")).toBeVisible();
  await expect(enabled).toHaveAttribute("aria-checked", "true");

  // A copy appears at the top, disabled.
  await row.getByRole("button", { name: `Duplicate ${name}` }).click();
  await expect(toast(page, "success", "Strategy duplicated")).toBeVisible();
  const copy = strategyRow(page, `${name} (copy)`);
  await expect(copy).toBeVisible();
  await expect(copy.getByRole("switch")).toHaveAttribute("aria-checked", "false");
  await expect(page.getByTestId("strategy-row").first()).toContainText(`${name} (copy)`);

  // An edit the server refuses: the slow period must be longer than the fast one.
  await row.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByLabel("Fast period")).toHaveValue("12");
  await page.getByLabel("Slow period").fill("5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expectInvalid(page.getByLabel("Slow period"));
  await expect(page.getByTestId("errors-parameters.slow_period")).toContainText("The slow period must be longer than the fast period.");
  await expect(page.getByTestId("form-summary")).toContainText("The slow period must be longer than the fast period.");
  await expect(page).toHaveURL(/\/edit$/);

  expect(unexpected(problems)).toEqual([]);
});

test("a rules strategy is built without JSON and its detail page reads the rules as sentences", async ({ browser }) => {
  const { page, problems } = await openSignedIn(browser, trader, "/strategies/new");
  const name = uniqueName("rules");

  await page.getByRole("radio", { name: "Rules", exact: true }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Pairs", { exact: true }).fill("sol-usdt");
  await page.getByLabel("Pairs", { exact: true }).press("Enter");
  await expect(page.getByTestId("strategy-pairs")).toContainText("SOL/USDT");

  // A new rules strategy starts from an example: in on a cross above SMA(50), out on the cross back.
  const entry = page.getByRole("group", { name: "Entry", exact: true });
  const first = page.getByRole("group", { name: "Entry condition 1" });
  await expect(first).toContainText("Close crosses above SMA(50)");
  await expect(page.getByRole("group", { name: "Exit condition 1" })).toContainText("Close crosses below SMA(50)");
  await expect(page.getByRole("group", { name: "Exit condition 2" })).toHaveCount(0);

  // Second entry condition: RSI(14) below 30.
  await entry.getByRole("button", { name: "Add entry condition" }).click();
  const second = page.getByRole("group", { name: "Entry condition 2" });
  await second.getByLabel("Left: type").selectOption("indicator");
  const left = second.getByRole("group", { name: "Left", exact: true });
  await left.getByLabel("Indicator").selectOption("rsi");
  await expect(left.getByLabel("Period")).toHaveValue("14");
  await second.getByLabel("Comparison").selectOption("<");
  await second.getByLabel("Right: type").selectOption("constant");
  await second.getByRole("group", { name: "Right", exact: true }).getByLabel("Value").fill("30");
  await expect(second).toContainText("RSI(14) is below 30");
  await expect(entry.getByLabel("Match")).toHaveValue("all");

  // The short blocks appear only while shorts are allowed.
  await expect(page.getByRole("group", { name: "Short entry", exact: true })).toHaveCount(0);
  await page.getByLabel("Allow shorts").check();
  await expect(page.getByRole("group", { name: "Short entry", exact: true })).toBeVisible();
  await page.getByLabel("Allow shorts").uncheck();
  await expect(page.getByRole("group", { name: "Short entry", exact: true })).toHaveCount(0);

  // A condition can be removed by its number; add a throwaway one and remove it again.
  await entry.getByRole("button", { name: "Add entry condition" }).click();
  await expect(page.getByRole("group", { name: "Entry condition 3" })).toBeVisible();
  await page.getByRole("button", { name: "Remove entry condition 3" }).click();
  await expect(page.getByRole("group", { name: "Entry condition 3" })).toHaveCount(0);

  await page.getByRole("button", { name: "Create strategy" }).click();
  await expect(toast(page, "success", "Strategy created")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop();

  // The detail page reads the rules back as sentences.
  await expect(page.getByTestId("rules-entry").getByRole("listitem")).toHaveText(["Close crosses above SMA(50)", "RSI(14) is below 30"]);
  await expect(page.getByText("When all of these are true:")).toBeVisible();
  await expect(page.getByTestId("rules-exit").getByRole("listitem")).toHaveText(["Close crosses below SMA(50)"]);
  await expect(page.getByRole("link", { name: "Backtest", exact: true })).toHaveAttribute("href", `/backtests/new?strategy_id=${id}`);
  // No backtest has run: the widget says so rather than failing.
  await expect(page.getByText("No backtests yet")).toBeVisible();

  // An out-of-range indicator period is refused and shown beside that input.
  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page).toHaveURL(/\/edit$/);
  const period = page.getByRole("group", { name: "Entry condition 2" }).getByRole("group", { name: "Left", exact: true }).getByLabel("Period");
  await expect(period).toHaveValue("14");
  await period.fill("0");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expectInvalid(period);
  await expect(page.getByTestId("errors-sf-parameters-entry-conditions-1-left-params-period")).toContainText("The RSI period must be between 1 and 500.");

  // An unknown id is the not-found page.
  await page.goto("/strategies/no-such-strategy");
  await expect(page.getByTestId("not-found")).toBeVisible();

  expect(unexpected(problems)).toEqual([]);
});
