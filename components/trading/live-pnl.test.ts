import { describe, expect, it } from "vitest";
import { withLivePrice } from "./live-pnl";
import type { Position } from "./types";

const position: Position = {
  symbol: "BTC/USDT",
  owner: null,
  amount: 2,
  average_entry: 100,
  current_price: 100,
  value: 200,
  unrealized_pnl: 0,
  unrealized_pnl_pct: 0,
  stop_loss_price: null,
  take_profit_price: null,
  dust: false,
  stale: false,
};

describe("withLivePrice", () => {
  it("revalues value and unrealized P&L at the tick", () => {
    const live = withLivePrice(position, 110);
    expect(live.current_price).toBe(110);
    expect(live.value).toBe(220);
    expect(live.unrealized_pnl).toBe(20);
    expect(live.unrealized_pnl_pct).toBeCloseTo(10);
  });

  it("keeps the read when there is no usable tick", () => {
    expect(withLivePrice(position, undefined)).toBe(position);
    expect(withLivePrice(position, 0)).toBe(position);
    expect(withLivePrice(position, Number.NaN)).toBe(position);
  });
});

describe("withLivePrice without an entry price", () => {
  it("still revalues the value", () => {
    const live = withLivePrice({ ...position, average_entry: null, unrealized_pnl: null, unrealized_pnl_pct: null }, 120);
    expect(live.value).toBe(240);
    expect(live.unrealized_pnl).toBeNull();
  });
});
