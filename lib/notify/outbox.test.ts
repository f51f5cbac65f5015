import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { FillRow, OrderRow } from "@/lib/trading/store";
import { enqueueNotification, type NotificationInput } from "./outbox";
import { outboxRows, userWithNotifications } from "./test-support";
import { fillKind, notifyBotError, notifyOrderFills } from "./trading-events";
import { generateWebhookSecret } from "./webhook-signature";

afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

const BOT_TOKEN = "7000000003:AAH-outbox_token_0123456789abcdefghij";
const WEBHOOK_URL = "https://hooks.example.test/autocbot?token=url-secret-4242";
const both = () => ({ telegram: { botToken: BOT_TOKEN, chatId: "4242" }, webhook: { url: WEBHOOK_URL, secret: generateWebhookSecret() } });

const input = (userId: string, over: Partial<NotificationInput> = {}): NotificationInput => ({
  userId,
  event: "fills",
  dedupeKey: "fill-1",
  text: "Order filled: Bought 0.1 BTC at 50000 USDT",
  data: { fill_id: "fill-1" },
  ...over,
});

describe("enqueueNotification", () => {
  it("writes one pending row per configured channel, with no secret in it", () => {
    const userId = userWithNotifications(both());
    const ids = enqueueNotification(getDb(), input(userId), 1_000);
    expect(ids).toHaveLength(2);
    const rows = outboxRows(userId);
    expect(rows.map((r) => r.channel).sort()).toEqual(["telegram", "webhook"]);
    for (const row of rows) expect(row).toMatchObject({ event: "fills", dedupeKey: "fill-1", status: "pending", attempts: 0, nextAttemptAt: 1_000, createdAt: 1_000 });
    expect(rows.find((r) => r.channel === "telegram")?.payload).toEqual({ text: "Order filled: Bought 0.1 BTC at 50000 USDT" });
    expect(rows.find((r) => r.channel === "webhook")?.payload).toEqual({ type: "fills", data: { fill_id: "fill-1" } });
    const stored = JSON.stringify(rows);
    for (const secret of [BOT_TOKEN.split(":")[1], "url-secret-4242", "whsec_"]) expect(stored).not.toContain(secret);
  });

  it("queues the same cause once per channel", () => {
    const userId = userWithNotifications(both());
    expect(enqueueNotification(getDb(), input(userId))).toHaveLength(2);
    expect(enqueueNotification(getDb(), input(userId, { text: "again" }))).toEqual([]);
    expect(outboxRows(userId)).toHaveLength(2);
    // Another user's identical key is theirs alone.
    const other = userWithNotifications(both());
    expect(enqueueNotification(getDb(), input(other))).toHaveLength(2);
  });

  it("leaves no row when the transaction of its cause rolls back (drizzle and raw BEGIN IMMEDIATE)", () => {
    const userId = userWithNotifications(both());
    const db = getDb();
    expect(() =>
      db.transaction((tx) => {
        enqueueNotification(tx, input(userId));
        throw new Error("the fill failed");
      }),
    ).toThrow("the fill failed");
    // The paper store's transactions: BEGIN IMMEDIATE on the connection, events written through the same db handle.
    db.$client.exec("BEGIN IMMEDIATE");
    expect(enqueueNotification(db, input(userId, { dedupeKey: "fill-2" }))).toHaveLength(2);
    db.$client.exec("ROLLBACK");
    expect(outboxRows(userId)).toEqual([]);

    db.$client.exec("BEGIN IMMEDIATE");
    enqueueNotification(db, input(userId, { dedupeKey: "fill-3" }));
    db.$client.exec("COMMIT");
    expect(outboxRows(userId).map((r) => r.dedupeKey)).toEqual(["fill-3", "fill-3"]);
  });

  it("only uses channels that are fully set up and events the user chose", () => {
    const db = getDb();
    const nothing = userWithNotifications();
    expect(enqueueNotification(db, input(nothing))).toEqual([]);

    const telegramOnly = userWithNotifications({ telegram: { botToken: BOT_TOKEN, chatId: "4242" }, webhook: { url: WEBHOOK_URL } });
    enqueueNotification(db, input(telegramOnly));
    expect(outboxRows(telegramOnly).map((r) => r.channel)).toEqual(["telegram"]);

    const tokenWithoutChat = userWithNotifications({ telegram: { botToken: BOT_TOKEN, chatId: " " }, webhook: { secret: generateWebhookSecret() } });
    expect(enqueueNotification(db, input(tokenWithoutChat))).toEqual([]);

    const stopsOnly = userWithNotifications({ ...both(), events: ["stops"] });
    expect(enqueueNotification(db, input(stopsOnly))).toEqual([]);
    expect(enqueueNotification(db, input(stopsOnly, { event: "stops" }))).toHaveLength(2);

    const none = userWithNotifications({ ...both(), events: [] });
    expect(enqueueNotification(db, input(none, { event: "daily_summary", dedupeKey: "daily:2026-11-27" }))).toEqual([]);
  });
});

const order = (over: Partial<OrderRow> = {}) =>
  ({ id: "order-1", symbol: "BTC/USDT", base: "BTC", quote: "USDT", side: "buy", type: "market", oco_group: null, owner: "manual", ...over }) as OrderRow;
const fill = (id: string) =>
  ({ id, order_id: "order-1", price: BigInt(5_000_000_000_000), amount: BigInt(1_000_000), fee: BigInt(5_000_000), fee_asset: "USDT", created_at: BigInt(1_700_000_000_000) }) as FillRow;

describe("notifyOrderFills", () => {
  it("tells fills from stop-loss and take-profit exits", () => {
    expect(fillKind(order())).toBe("fill");
    expect(fillKind(order({ type: "limit" }))).toBe("fill");
    expect(fillKind(order({ type: "stop_market", side: "sell" }))).toBe("stop_loss");
    expect(fillKind(order({ type: "trailing_stop", side: "sell" }))).toBe("stop_loss");
    expect(fillKind(order({ type: "stop_limit", side: "buy" }))).toBe("stop");
    expect(fillKind(order({ type: "take_profit", side: "sell" }))).toBe("take_profit");
    expect(fillKind(order({ type: "take_profit", side: "buy" }))).toBe("stop");
    expect(fillKind(order({ type: "limit", side: "sell", oco_group: "g1" }))).toBe("take_profit");
  });

  it("queues one 'fills' notification per fill, keyed by the fill id, and stop exits as 'stops'", () => {
    const db = getDb();
    const userId = userWithNotifications({ telegram: { botToken: BOT_TOKEN, chatId: "4242" } });
    notifyOrderFills(db, userId, order(), [fill("f-1"), fill("f-2")]);
    notifyOrderFills(db, userId, order(), [fill("f-1")]);
    notifyOrderFills(db, userId, order({ id: "order-2", type: "stop_market", side: "sell" }), [fill("f-3")]);
    // A buy stop opens a position: a fill, not an exit.
    notifyOrderFills(db, userId, order({ id: "order-3", type: "stop_market", side: "buy" }), [fill("f-9")]);
    const rows = outboxRows(userId);
    expect(rows.map((r) => [r.event, r.dedupeKey])).toEqual([
      ["fills", "f-1"],
      ["fills", "f-2"],
      ["stops", "f-3"],
      ["fills", "f-9"],
    ]);
    expect(rows[3].payload.text).toMatch(/^Stop order filled: Bought/);
    expect(rows[0].payload.text).toBe("Order filled: Bought 0.01 BTC at 50000 USDT on BTC/USDT. Fee 0.05 USDT.");
    expect(rows[2].payload.text).toMatch(/^Stop-loss hit: Sold 0.01 BTC at 50000 USDT/);
  });

  it("honours a user who wants stops but not every fill", () => {
    const userId = userWithNotifications({ telegram: { botToken: BOT_TOKEN, chatId: "4242" }, events: ["stops"] });
    notifyOrderFills(getDb(), userId, order(), [fill("f-4")]);
    notifyOrderFills(getDb(), userId, order({ type: "take_profit", side: "sell" }), [fill("f-5")]);
    expect(outboxRows(userId).map((r) => r.dedupeKey)).toEqual(["f-5"]);
  });
});

describe("notifyBotError", () => {
  it("queues the error once per key, scrubbed of token-shaped text", () => {
    const userId = userWithNotifications({ webhook: { url: WEBHOOK_URL, secret: generateWebhookSecret() } });
    const notice = { strategyId: "s-1", strategyName: "RSI dip", message: "exchange said: invalid key AbCdEf0123456789AbCdEf0123456789", dedupeKey: "s-1:1700000000000" };
    expect(notifyBotError(getDb(), userId, notice, 5_000)).toHaveLength(1);
    expect(notifyBotError(getDb(), userId, notice, 6_000)).toEqual([]);
    const [row] = outboxRows(userId);
    expect(row).toMatchObject({ channel: "webhook", event: "bot_errors", dedupeKey: "bot_error:s-1:1700000000000" });
    expect(row.payload).toEqual({
      type: "bot_errors",
      data: { strategy_id: "s-1", strategy_name: "RSI dip", message: "exchange said: invalid key [redacted]", occurred_at: 5_000 },
    });
  });
});
