import { expect, test, type Request } from "@playwright/test";
import { startFakeTelegram, type FakeTelegram } from "./fixtures/fake-telegram";
import { alwaysInStrategy } from "../tests/support/always-in-strategy";
import { api, openSignedIn, registerTrader, type StorageState } from "./support/browser";

/**
 * A strategy enabled in the browser trades by itself: its bot places a paper order at the close of
 * a 1-minute candle (carrying the strategy's id and the candle's key), the dashboard shows the
 * position without a reload, and the fake Telegram Bot API receives exactly one message for the fill.
 */

const TOKEN = "7000000001:AAE-bots-e2e-token_0123456789abcdefghij";
const CHAT = "424242";
let trader: StorageState;
let telegram: FakeTelegram;

test.beforeAll(async ({ browser }) => {
  telegram = await startFakeTelegram({ validTokens: [TOKEN], knownChats: [CHAT], port: Number(process.env.E2E_TELEGRAM_PORT) });
  trader = await registerTrader(browser, "Bo Bot", "bots");
});
test.afterAll(async () => {
  await telegram?.stop();
});

const ALWAYS_IN = alwaysInStrategy({ position_size_pct: 5, stop_loss_pct: 20, take_profit_pct: 50 });

test("a strategy enabled on a 1m timeframe trades by itself; the dashboard updates live and Telegram gets one message for the fill", async ({ browser }) => {
  test.setTimeout(240_000);
  const { page, problems } = await openSignedIn(browser, trader, "/strategies");
  const streams: string[] = [];
  page.on("request", (r: Request) => {
    if (new URL(r.url()).pathname === "/api/v1/stream") streams.push(r.url());
  });

  const settings = await api(page, "PUT", "/settings", { notifications: { telegram_bot_token: TOKEN, telegram_chat_id: CHAT, events: ["fills"] } });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  const name = `Always in ${Date.now().toString(36)}`;
  const created = await api(page, "POST", "/strategies", { name, ...ALWAYS_IN });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id: string = created.body.id;

  // Enable between seconds 20 and 40 of a minute: the candle that just closed is no longer fresh
  // (15 s for 1m), so the bot's order comes at the next close, after the dashboard is on screen.
  const second = new Date().getUTCSeconds();
  if (second < 20 || second > 40) await page.waitForTimeout(((80 - second) % 60) * 1000);
  await page.reload();
  const row = page.getByTestId("strategy-row").filter({ hasText: name });
  await row.getByRole("switch", { name: `Enabled: ${name}` }).click();
  await expect(row.getByRole("switch", { name: `Enabled: ${name}` })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByTestId("bots-panel").getByTestId("bot-row").filter({ hasText: name }).getByTestId("bot-status")).toHaveText("running");

  await page.goto("/dashboard");
  const positions = page.getByTestId("dashboard-positions");
  await expect(positions).toContainText("No open position");
  streams.length = 0;
  // No reload from here on: the position arrives through the page's one event stream.
  await expect(positions.locator(`[data-testid="dashboard-position"][data-owner="${id}"]`)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("dashboard-bots")).toContainText(name);
  expect(new Set(streams).size).toBeLessThanOrEqual(1);

  const orders = await (await page.request.get("/api/v1/trading/orders?status=all")).json();
  const botOrders = (orders.items as { owner: string | null; client_order_id: string | null; side: string; type: string; status: string }[]).filter((o) => o.owner === id && o.side === "buy");
  expect(botOrders).toHaveLength(1);
  expect(botOrders[0]).toMatchObject({ type: "market", status: "filled" });
  expect(botOrders[0].client_order_id).toMatch(new RegExp(`^bot:${id}:BTC/USDT:1m:\\d+$`));

  // Exactly one message for that fill, and none after it (the protective orders rest).
  await expect.poll(() => telegram.messages.length, { timeout: 60_000 }).toBe(1);
  expect(telegram.messages[0]).toMatchObject({ chat_id: CHAT });
  expect(telegram.messages[0].text).toContain("BTC/USDT");
  await page.waitForTimeout(5_000);
  expect(telegram.messages).toHaveLength(1);

  // The strategies page tells what the bot did, with the order's key.
  await page.goto("/strategies");
  const bot = page.getByTestId("bot-row").filter({ hasText: name });
  await expect(bot.getByTestId("bot-last-action")).toContainText("ordered");
  await bot.getByRole("button", { name: "Log" }).click();
  await expect(page.getByTestId("bot-log")).toContainText(botOrders[0].client_order_id as string);

  await page.context().close();
  expect(problems).toEqual([]);
});
