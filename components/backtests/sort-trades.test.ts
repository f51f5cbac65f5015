import { describe, expect, it } from "vitest";
import { DEFAULT_TRADE_SORT, nextSort, sortTrades } from "./sort-trades";
import type { TradeItem } from "./types";

const trade = (seq: number, symbol: string, pnl: number): TradeItem =>
  ({ seq, symbol, side: "long", pnl, pnl_pct: pnl / 10, entry_at: seq * 1000, exit_at: seq * 2000, holding_ms: seq, exit_reason: "signal" }) as TradeItem;

const trades = [trade(1, "ETH/USDT", 5), trade(2, "BTC/USDT", -3), trade(3, "BTC/USDT", 5), trade(4, "SOL/USDT", 12)];

describe("sortTrades", () => {
  it("sorts figures both ways, ties in seq order", () => {
    expect(sortTrades(trades, { key: "pnl", direction: "descending" }).map((t) => t.seq)).toEqual([4, 1, 3, 2]);
    expect(sortTrades(trades, { key: "pnl", direction: "ascending" }).map((t) => t.seq)).toEqual([2, 1, 3, 4]);
  });

  it("sorts text", () => {
    expect(sortTrades(trades, { key: "symbol", direction: "ascending" }).map((t) => t.seq)).toEqual([2, 3, 1, 4]);
  });

  it("leaves the input alone", () => {
    sortTrades(trades, { key: "pnl", direction: "descending" });
    expect(trades.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe("nextSort", () => {
  it("flips the current column and starts figures descending", () => {
    expect(nextSort(DEFAULT_TRADE_SORT, "seq")).toEqual({ key: "seq", direction: "descending" });
    expect(nextSort(DEFAULT_TRADE_SORT, "pnl")).toEqual({ key: "pnl", direction: "descending" });
    expect(nextSort({ key: "pnl", direction: "descending" }, "pnl")).toEqual({ key: "pnl", direction: "ascending" });
    expect(nextSort(DEFAULT_TRADE_SORT, "symbol")).toEqual({ key: "symbol", direction: "ascending" });
  });
});
