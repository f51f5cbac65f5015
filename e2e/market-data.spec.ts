import { expect, test, type Browser, type Page } from "@playwright/test";
import { openSignedIn, registerTrader, type StorageState } from "./support/browser";

// One trader for the whole file; every test imports under a name of its own.
let trader: StorageState;

test.beforeAll(async ({ browser }) => {
  trader = await registerTrader(browser, "Mae Marketdata", "market-data");
});

async function openMarketData(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const opened = await openSignedIn(browser, trader, "/data");
  await expect(opened.page.getByTestId("market-data")).toBeVisible();
  return opened;
}

const HOUR = 3_600_000;
const FIRST_OPEN = Date.UTC(2021, 2, 1); // 2021-03-01T00:00Z: on the hourly grid, long closed
const CANDLES = 48;

type CsvOptions = {
  /** Rewrites a data row; index 0 is file line 2, after the header. */
  mangle?: (row: number[], index: number) => number[];
  /** Characters of an extra column per row, which the import ignores (the exchange's dumps carry several). */
  padding?: number;
};

/** 48 hourly candles on the UTC grid with valid OHLC, under a header row. */
function candleCsv({ mangle, padding = 0 }: CsvOptions = {}): string {
  const lines = [`open_time,open,high,low,close,volume${padding ? ",note" : ""}`];
  for (let i = 0; i < CANDLES; i++) {
    const open = 100 + i;
    const close = open + (i % 2 === 0 ? 0.5 : -0.5);
    const row = [FIRST_OPEN + i * HOUR, open, Math.max(open, close) + 1, Math.min(open, close) - 1, close, 10 + i];
    lines.push((mangle ? mangle(row, i) : row).join(",") + (padding ? `,${"n".repeat(padding)}` : ""));
  }
  return `${lines.join("\n")}\n`;
}

const uniqueName = (label: string) => `e2e-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Chooses the file in the import form (the name field fills itself from the file name) and submits. */
async function submitCsv(page: Page, name: string, csv: string) {
  const form = page.getByTestId("import-form");
  await form.getByLabel("CSV file").setInputFiles({ name: `${name}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await form.getByRole("button", { name: "Import CSV" }).click();
}

const importRow = (page: Page, source: string) => page.getByTestId("import-row").filter({ hasText: source });
const coverageRow = (page: Page, source: string) => page.getByTestId("coverage-row").filter({ hasText: source });

type Seen = { percents: number[]; phases: string[] };

test("a good CSV uploads with progress, then shows in the imports list and the stored candles", async ({ browser }) => {
  const { page, problems } = await openMarketData(browser);
  const name = uniqueName("good");
  const source = `import:${name}`;

  // Every value the upload bar shows and every phase line, however briefly each is on screen.
  await page.evaluate(() => {
    const seen: Seen = { percents: [], phases: [] };
    (window as unknown as { importSeen: Seen }).importSeen = seen;
    new MutationObserver(() => {
      const box = document.querySelector('[data-testid="import-progress"]');
      const value = box?.querySelector('[role="progressbar"][aria-label="Upload progress"]')?.getAttribute("aria-valuenow");
      if (value && seen.percents.at(-1) !== Number(value)) seen.percents.push(Number(value));
      const phase = box?.querySelector("span")?.textContent;
      if (phase && seen.phases.at(-1) !== phase) seen.phases.push(phase);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  // A local upload of a few kilobytes is over before the browser reports any progress: pad the rows
  // to about 300 kB and send them at 200 kB/s, so the bar has a second and a half to climb.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200_000 });

  await submitCsv(page, name, candleCsv({ padding: 6_000 }));

  const result = page.getByTestId("import-result");
  await expect(result).toBeVisible();
  await expect(result.getByTestId("import-imported")).toHaveText("48");
  await expect(result.getByTestId("import-duplicates")).toHaveText("0");
  await expect(result.getByTestId("import-gaps")).toHaveText("0");
  await expect(result).toContainText(`${source} · BTC/USDT 1h`);
  await expect(page.getByTestId("import-progress")).toHaveCount(0);

  // The bar climbs from 0; once the last byte is sent the form moves on to the server's check. The
  // final 100 % and that switch arrive in one update, so the switch is what shows the upload done.
  const seen = await page.evaluate(() => (window as unknown as { importSeen: Seen }).importSeen);
  expect(seen.phases).toEqual(["Uploading…", "Checking and storing candles…"]);
  expect(seen.percents[0]).toBe(0);
  expect(seen.percents.length).toBeGreaterThan(2);
  expect(seen.percents).toEqual([...seen.percents].sort((a, b) => a - b));
  expect(seen.percents.at(-1)).toBeGreaterThanOrEqual(50);
  expect(seen.percents.at(-1)).toBeLessThanOrEqual(100);

  const row = importRow(page, source);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("BTC/USDT");
  await expect(row).toContainText("Ready");
  await expect(row.getByRole("cell").nth(5)).toHaveText("48");

  const stored = coverageRow(page, source);
  await expect(stored).toHaveCount(1);
  await expect(stored).toContainText("Yours");
  await expect(stored.getByRole("cell").nth(5)).toHaveText("48");
  await expect(stored.getByRole("cell").nth(6)).toHaveText("0");
  await expect(stored.locator("time").first()).toHaveAttribute("datetime", new Date(FIRST_OPEN).toISOString());
  await expect(stored.locator("time").nth(1)).toHaveAttribute("datetime", new Date(FIRST_OPEN + CANDLES * HOUR).toISOString());

  await page.context().close();
  expect(problems).toEqual([]);
});

test("a file with a bad line imports nothing and lists that line", async ({ browser }) => {
  const { page, problems } = await openMarketData(browser);
  const name = uniqueName("bad");
  // Data row 4 is file line 6: its high is below its close.
  const csv = candleCsv({ mangle: (row, index) => (index === 4 ? [row[0], row[1], row[1], row[3], row[1] + 5, row[5]] : row) });

  await submitCsv(page, name, csv);

  const bad = page.getByTestId("import-bad-lines");
  await expect(bad).toBeVisible();
  await expect(bad).toContainText("Nothing was imported");
  await expect(bad.getByRole("listitem")).toHaveCount(1);
  await expect(bad.getByRole("listitem")).toHaveText("Line 6: high 104 is below max(open, close) 109");
  // The file field is marked invalid and described by the list.
  const file = page.getByTestId("import-form").getByLabel("CSV file");
  await expect(file).toHaveAttribute("aria-invalid", "true");
  const listId = await bad.getAttribute("id");
  expect((await file.getAttribute("aria-describedby"))?.split(" ")).toContain(listId);
  await expect(page.getByTestId("import-result")).toHaveCount(0);
  await expect(importRow(page, `import:${name}`)).toHaveCount(0);

  await page.context().close();
  // The refused upload is an HTTP 422, which the browser logs; nothing else may be.
  expect(problems.filter((problem) => !/status of 422/.test(problem))).toEqual([]);
});

test("an import is deleted with its candles through the accessible confirm", async ({ browser }) => {
  const { page, problems } = await openMarketData(browser);
  const name = uniqueName("delete");
  const source = `import:${name}`;
  await submitCsv(page, name, candleCsv());
  await expect(page.getByTestId("import-result").getByTestId("import-imported")).toHaveText("48");
  await expect(coverageRow(page, source)).toHaveCount(1);

  const row = importRow(page, source);
  const deleteName = `Delete ${source} (BTC/USDT 1h)`;
  await row.getByRole("button", { name: deleteName }).click();
  const confirm = row.getByRole("group", { name: `Confirm deleting ${source} (BTC/USDT 1h)` });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: deleteName })).toBeFocused();

  // Escape backs out, and focus returns to the button that opened the choice.
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("button", { name: deleteName })).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(confirm.getByRole("button", { name: deleteName })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByText("Import deleted")).toBeVisible();
  await expect(importRow(page, source)).toHaveCount(0);
  await expect(coverageRow(page, source)).toHaveCount(0);

  await page.context().close();
  expect(problems).toEqual([]);
});
