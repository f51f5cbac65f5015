import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { userSettings } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { getOrCreateAccount } from "@/lib/trading/store";
import { dailySummaryDay, dailySummaryText, enqueueDailySummaries } from "./daily-summary";
import { outboxRows, userWithNotifications } from "./test-support";

afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

describe("dailySummaryDay", () => {
  it("is due from 08:00 in the user's zone, for the local day before", () => {
    // 06:59 UTC is 07:59 in Berlin (winter): not yet; 07:00 UTC is 08:00 there.
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 6, 59), "Europe/Berlin")).toBeNull();
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 7, 0), "Europe/Berlin")).toBe("2026-11-27");
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 22, 59), "Europe/Berlin")).toBe("2026-11-27");
    // Past local midnight the next day has begun, and its summary waits for its own 08:00.
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 23, 0), "Europe/Berlin")).toBeNull();
    // 02:30 UTC on the 28th is already 08:00 on the 28th in Kolkata (+05:30).
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 2, 29), "Asia/Kolkata")).toBeNull();
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 2, 30), "Asia/Kolkata")).toBe("2026-11-27");
    // 08:00 in New York (EST) is 13:00 UTC.
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 12, 59), "America/New_York")).toBeNull();
    expect(dailySummaryDay(Date.UTC(2026, 10, 28, 13, 0), "America/New_York")).toBe("2026-11-27");
    expect(dailySummaryDay(Date.UTC(2026, 0, 1, 8, 0), "UTC")).toBe("2025-12-31");
  });
});

describe("dailySummaryText", () => {
  it("states the day's P&L, equity and open positions", () => {
    expect(dailySummaryText({ day: "2026-11-27", quoteAsset: "USDT", pnl: 123.456, pnlPct: 1.2345, equity: 10_123.456, openPositions: 2 })).toBe(
      "Daily summary for 2026-11-27\nP&L: +123.46 USDT (+1.23%)\nEquity at the end of the day: 10,123.46 USDT\nOpen positions: 2",
    );
    expect(dailySummaryText({ day: "2026-11-27", quoteAsset: "USDT", pnl: -5, pnlPct: null, equity: 995, openPositions: 0 })).toBe(
      "Daily summary for 2026-11-27\nP&L: -5.00 USDT\nEquity at the end of the day: 995.00 USDT\nOpen positions: 0",
    );
  });

  it("says so when the day cannot be valued", () => {
    expect(dailySummaryText({ day: "2026-11-27", quoteAsset: "USDT", pnl: null, pnlPct: null, equity: null, openPositions: 1 })).toBe(
      "Daily summary for 2026-11-27\nP&L: not available (a price for the day is missing)\nOpen positions: 1",
    );
  });
});

describe("enqueueDailySummaries", () => {
  it("queues yesterday's summary once, at 08:00 in the user's zone, for users who chose it", async () => {
    const db = getDb();
    const telegram = { botToken: "7000000005:AAH-daily_token_0123456789abcdefghijk", chatId: "77" };
    // A zone this runtime does not know (stored before validation existed) only skips its own user.
    const broken = userWithNotifications({ telegram });
    db.update(userSettings).set({ display: { time_zone: "Mars/Olympus_Mons" } }).where(eq(userSettings.userId, broken)).run();
    const berlin = userWithNotifications({ telegram });
    db.update(userSettings).set({ display: { time_zone: "Europe/Berlin" } }).where(eq(userSettings.userId, berlin)).run();
    const notWanted = userWithNotifications({ telegram, events: ["fills"] });
    const created = Date.UTC(2026, 10, 20);
    // A funded account holding only its quote currency: the day is valued without any market price.
    for (const userId of [berlin, notWanted]) getOrCreateAccount(db, userId, { source: "simulated:test", quoteAsset: "USDT", startingBalance: BigInt(10_000) * BigInt(10 ** 8) }, created);
    // The market runtime is only asked for candles of held assets; there are none here.
    const rt = { source: { id: "simulated:test" } } as unknown as Parameters<typeof enqueueDailySummaries>[1];

    expect(await enqueueDailySummaries(db, rt, Date.UTC(2026, 10, 28, 6, 59))).toBe(0);
    expect(await enqueueDailySummaries(db, rt, Date.UTC(2026, 10, 28, 7, 0))).toBe(1);
    expect(await enqueueDailySummaries(db, rt, Date.UTC(2026, 10, 28, 7, 1))).toBe(0);
    const rows = outboxRows(berlin);
    expect(rows.map((r) => [r.channel, r.event, r.dedupeKey])).toEqual([["telegram", "daily_summary", "daily:2026-11-27"]]);
    expect(rows[0].payload.text).toBe("Daily summary for 2026-11-27\nP&L: 0.00 USDT (0.00%)\nEquity at the end of the day: 10,000.00 USDT\nOpen positions: 0");
    expect(outboxRows(notWanted)).toEqual([]);
    expect(outboxRows(broken)).toEqual([]);
  });
});
