import { describe, expect, it } from "vitest";
import { parseDecimal } from "@/lib/trading/core";
import { balancesAt, equityAt, type PriceAt, type TimedEntry, todayPnl } from "./equity-at";

const u = (s: string) => parseDecimal(s);
const at = (iso: string) => Date.parse(iso);

function entry(ts: number, asset: string, bucket: "free" | "locked", delta: string): TimedEntry {
  return { ts, asset, bucket, delta: u(delta) };
}

describe("balancesAt and equityAt", () => {
  // Deposit 10,000; lock 1,000.1 for a buy; the buy fills 0.01 BTC at 60,000 (600 + 0.6 fee) and
  // unlocks the rest; then a sell order locks the 0.01 BTC.
  const entries: TimedEntry[] = [
    entry(0, "USDT", "free", "10000"),
    entry(10, "USDT", "free", "-1000.1"),
    entry(10, "USDT", "locked", "1000.1"),
    entry(20, "USDT", "locked", "-600.6"),
    entry(20, "BTC", "free", "0.01"),
    entry(20, "USDT", "locked", "-399.5"),
    entry(20, "USDT", "free", "399.5"),
    entry(30, "BTC", "free", "-0.01"),
    entry(30, "BTC", "locked", "0.01"),
  ];

  it("sums entries with ts ≤ T per asset and bucket", () => {
    expect(balancesAt(entries, 15)).toEqual({ USDT: { free: u("8999.9"), locked: u("1000.1") } });
    expect(balancesAt(entries, 30)).toEqual({ USDT: { free: u("9399.4"), locked: u("0") }, BTC: { free: u("0"), locked: u("0.01") } });
  });

  it("counts locked funds in equity", () => {
    const priceAt: PriceAt = () => ({ price: u("61000") });
    expect(equityAt({ entries, at: 15, quoteAsset: "USDT", priceAt })).toMatchObject({ ok: true, equity: u("10000") });
    // 9,399.4 USDT + 0.01 BTC (locked) × 61,000.
    expect(equityAt({ entries, at: 30, quoteAsset: "USDT", priceAt })).toMatchObject({ ok: true, equity: u("10009.4") });
  });

  it("names the assets it could not value instead of counting them as zero", () => {
    expect(equityAt({ entries, at: 30, quoteAsset: "USDT", priceAt: () => null })).toEqual({ ok: false, reason: "missing_price", assets: ["BTC"] });
  });
});

describe("todayPnl", () => {
  const created = at("2026-03-01T12:00:00Z");
  // 10,000 USDT, then 0.1 BTC bought for 6,000 + 6 fee: 3,994 USDT and 0.1 BTC.
  const entries: TimedEntry[] = [
    entry(created, "USDT", "free", "10000"),
    entry(at("2026-03-05T10:00:00Z"), "USDT", "free", "-6006"),
    entry(at("2026-03-05T10:00:00Z"), "BTC", "free", "0.1"),
  ];
  const base = { entries, quoteAsset: "USDT", startingBalance: u("10000"), accountCreatedAt: created };

  /** 62,000 at the expected T0, 63,000.12345678 now, and nothing at any other time. */
  const pricesAt =
    (t0: number, now: number): PriceAt =>
    (asset, t) =>
      asset !== "BTC" ? null : t === t0 ? { price: u("62000") } : t === now ? { price: u("63000.12345678") } : null;

  // equity(T0) = 3,994 + 6,200 = 10,194; equity(now) = 3,994 + 6,300.012345678 → 10,294.01234567 (rounded down).
  const expectDay = (now: number, zone: string, t0: string) => {
    const r = todayPnl({ ...base, now, zone, priceAt: pricesAt(at(t0), now) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.t0).toBe(at(t0));
    expect(r.units).toEqual({ today_pnl: u("100.01234567"), equity_at_t0: u("10194"), equity_now: u("10294.01234567") });
    expect(r.today_pnl).toBe(100.01234567);
    expect(r.equity_at_t0).toBe(10194);
    expect(r.today_pnl_pct).toBeCloseTo((100.01234567 / 10194) * 100, 12);
    expect(r.null_reasons).toEqual({});
  };

  it("starts the day at 00:00 UTC in UTC", () => {
    expectDay(at("2026-03-08T15:00:00Z"), "UTC", "2026-03-08T00:00:00Z");
  });

  it("starts the day at local midnight in New York on both sides of the DST change", () => {
    expectDay(at("2026-03-08T15:00:00Z"), "America/New_York", "2026-03-08T05:00:00Z");
    expectDay(at("2026-03-09T15:00:00Z"), "America/New_York", "2026-03-09T04:00:00Z");
  });

  it("starts the day at half-hour and 45-minute midnights", () => {
    expectDay(at("2026-03-08T04:00:00Z"), "Asia/Kolkata", "2026-03-07T18:30:00Z");
    expectDay(at("2026-03-08T04:00:00Z"), "Asia/Kathmandu", "2026-03-07T18:15:00Z");
  });

  it("uses the starting balance when the account was created after T0", () => {
    const createdToday = at("2026-03-08T02:00:00Z");
    const now = at("2026-03-08T04:00:00Z");
    const fresh: TimedEntry[] = [entry(createdToday, "USDT", "free", "5000"), entry(createdToday + 60_000, "USDT", "free", "-2000.002"), entry(createdToday + 60_000, "ETH", "free", "1")];
    const r = todayPnl({
      entries: fresh, quoteAsset: "USDT", startingBalance: u("5000"), accountCreatedAt: createdToday, now, zone: "UTC",
      priceAt: (asset, t) => (t === now && asset === "ETH" ? { price: u("1990") } : null),
    });
    expect(r).toMatchObject({ ok: true, t0: at("2026-03-08T00:00:00Z"), equity_at_t0: 5000, equity_now: 4989.998, today_pnl: -10.002 });
    if (r.ok) expect(r.today_pnl_pct).toBeCloseTo(-0.20004, 12);
  });

  it("reports a missing price at T0 with the instant and the assets", () => {
    const now = at("2026-03-08T15:00:00Z");
    expect(todayPnl({ ...base, now, zone: "UTC", priceAt: () => null })).toEqual({ ok: false, reason: "missing_price", at: at("2026-03-08T00:00:00Z"), assets: ["BTC"] });
  });
});
