import { describe, expect, it } from "vitest";
import { episodeTrade, positionEpisodes } from "./episodes";
import { BUY_BUY_SELL_SELL, replay, u } from "./test-support";

describe("positionEpisodes", () => {
  it("makes one closed episode of buy, buy, sell, sell", () => {
    const { buys, disposals } = replay("BTC/USDT", "manual", BUY_BUY_SELL_SELL);
    expect(disposals.map((d) => d.realized)).toEqual([u("29.77"), u("4.875"), u("9.87")]);
    const { closed, open } = positionEpisodes({ buys, disposals });
    expect(open).toEqual([]);
    expect(closed).toHaveLength(1);
    const ep = closed[0];
    expect(ep).toMatchObject({
      symbol: "BTC/USDT",
      owner: "manual",
      opened_at: Date.parse("2026-01-02T10:00:00Z"),
      closed_at: Date.parse("2026-01-05T10:00:00Z"),
      buys: 2,
      sells: 2,
      entry_amount: u("2"),
      entry_notional: u("220"),
      entry_fee: u("0.22"),
      exit_amount: u("2"),
      exit_proceeds: u("265"),
      exit_fee: u("0.265"),
      entry_average: u("110"),
      exit_average: u("132.5"),
      realized: u("44.515"),
      held: u("0"),
      held_cost: u("0"),
    });
    expect(ep.realized_pnl_pct).toBeCloseTo((44.515 / 220.22) * 100, 12);
    expect(episodeTrade(ep)).toEqual({
      pnl: 44.515,
      pnl_pct: ep.realized_pnl_pct,
      holding_ms: 3 * 86_400_000,
      entry_fee: 0.22,
      exit_fee: 0.265,
    });
  });

  it("keeps a partly closed position open, with its realized part", () => {
    const { buys, disposals } = replay("ETH/USDT", "bot-1", [
      { kind: "buy", id: "b1", ts: 1_000, amount: "2", notional: "200", fee: "0.2" },
      { kind: "sell", id: "s1", ts: 2_000, amount: "0.5", notional: "55", fee: "0.055" },
    ]);
    const { closed, open } = positionEpisodes({ buys, disposals });
    expect(closed).toEqual([]);
    expect(open).toHaveLength(1);
    // Realized on the 0.5 sold: 55 − 0.055 − 50.05; the other 1.5 keep 150.15 of cost.
    expect(open[0]).toMatchObject({ closed_at: null, realized: u("4.895"), held: u("1.5"), held_cost: u("150.15"), exit_average: u("110"), sells: 1 });
  });

  it("keeps episodes apart per symbol and owner, and splits at every flat", () => {
    const a = replay("BTC/USDT", "manual", [
      { kind: "buy", id: "m1", ts: 1_000, amount: "1", notional: "100", fee: "0" },
      { kind: "sell", id: "m2", ts: 5_000, amount: "1", notional: "90", fee: "0" },
      // Sold and bought back in the same millisecond: the sale closes the first episode.
      { kind: "buy", id: "m3", ts: 5_000, amount: "1", notional: "90", fee: "0" },
      { kind: "sell", id: "m4", ts: 9_000, amount: "1", notional: "99", fee: "0" },
    ]);
    const b = replay("BTC/USDT", "bot-1", [
      { kind: "buy", id: "x1", ts: 2_000, amount: "1", notional: "100", fee: "0" },
      { kind: "sell", id: "x2", ts: 3_000, amount: "1", notional: "110", fee: "0" },
    ]);
    const { closed, open } = positionEpisodes({ buys: [...a.buys, ...b.buys], disposals: [...b.disposals, ...a.disposals] });
    expect(open).toEqual([]);
    expect(closed.map((e) => [e.owner, e.opened_at, e.closed_at, e.realized])).toEqual([
      ["bot-1", 2_000, 3_000, u("10")],
      ["manual", 1_000, 5_000, u("-10")],
      ["manual", 5_000, 9_000, u("9")],
    ]);
  });

  it("refuses disposals its buys cannot explain", () => {
    const { disposals } = replay("BTC/USDT", "manual", BUY_BUY_SELL_SELL);
    expect(() => positionEpisodes({ buys: [], disposals })).toThrow(RangeError);
  });
});
