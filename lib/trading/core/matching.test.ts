import { describe, expect, it } from "vitest";
import {
  marketFillPrice,
  matchOcoOnCandle,
  matchOcoOnPrice,
  matchOnCandle,
  matchOnPrice,
  MINUTE_MS,
  placeOrder,
  replayCandles,
  restingOrder,
  type MatchConfig,
  type MatchOutcome,
  type OcoPair,
  type RestingOrder,
} from "./matching";
import { bps } from "./money";
import { candle, d, quote, u } from "./test-support";

const S5: MatchConfig = { slippage: bps(5) };
const S0: MatchConfig = { slippage: bps(0) };
const T = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE_MS);

function filled(r: MatchOutcome): { price: string; liquidity: string; trigger: string | null; ts: number } | null {
  return r.kind === "fill" ? { price: d(r.fill.price), liquidity: r.fill.liquidity, trigger: r.fill.trigger_price === null ? null : d(r.fill.trigger_price), ts: r.fill.ts } : null;
}

const order = (fields: Partial<RestingOrder> & Pick<RestingOrder, "side" | "type">) => restingOrder({ id: "o1", amount: u("1"), placed_at: T, ...fields });

describe("market orders (§3.2)", () => {
  it("buys at ask × (1 + s) rounded up, sells at bid × (1 − s) rounded down", () => {
    const book = { bid: u("99.99"), ask: u("100.01") };
    expect(d(marketFillPrice("buy", book, bps(5)))).toBe("100.060005");
    expect(d(marketFillPrice("sell", book, bps(5)))).toBe("99.940005");
    expect(d(marketFillPrice("buy", { bid: u("1"), ask: u("0.00000003") }, bps(5)))).toBe("0.00000004");
    expect(d(marketFillPrice("sell", { bid: u("0.00000003"), ask: u("1") }, bps(5)))).toBe("0.00000002");
  });
});

describe("limit orders (§3.3)", () => {
  it("a marketable buy takes the better of its limit and the book, as a taker", () => {
    const q = quote("100", "99.99", "100.01", T);
    expect(filled(placeOrder(order({ side: "buy", type: "limit", price: u("101") }), q, S5))).toEqual({ price: "100.060005", liquidity: "taker", trigger: null, ts: T });
    expect(filled(placeOrder(order({ side: "buy", type: "limit", price: u("100.05") }), q, S5))?.price).toBe("100.05");
    expect(filled(placeOrder(order({ side: "sell", type: "limit", price: u("99") }), q, S5))?.price).toBe("99.940005");
  });

  it("a resting limit fills at exactly its price when the last price touches it", () => {
    const placed = placeOrder(order({ side: "buy", type: "limit", price: u("99.5") }), quote("100", "99.99", "100.01", T), S5);
    expect(placed.kind).toBe("none");
    expect(matchOnPrice(placed.order, quote("99.51"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(placed.order, quote("99.5"), S5))).toEqual({ price: "99.5", liquidity: "maker", trigger: null, ts: 0 });
    expect(filled(matchOnPrice(placed.order, quote("98"), S5))?.price).toBe("99.5");
    const sell = order({ side: "sell", type: "limit", price: u("101") });
    expect(matchOnPrice(sell, quote("100.99"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(sell, quote("101"), S5))?.price).toBe("101");
  });

  it("limit_requires_trade_through needs price strictly beyond the limit", () => {
    const o = order({ side: "buy", type: "limit", price: u("99.5") });
    const cfg = { ...S5, limit_requires_trade_through: true };
    expect(matchOnPrice(o, quote("99.5"), cfg).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("99.49"), cfg))?.price).toBe("99.5");
    expect(matchOnCandle(o, candle(T, 100, 100, 99.5, 100), cfg).kind).toBe("none");
  });

  it("on a candle: a limit fills at L even when the candle opens beyond it (no price improvement)", () => {
    const buy = order({ side: "buy", type: "limit", price: u("98") });
    expect(filled(matchOnCandle(buy, candle(T, 95, 96, 94, 95), S5))).toEqual({ price: "98", liquidity: "maker", trigger: null, ts: T });
    expect(filled(matchOnCandle(buy, candle(T, 100, 101, 98, 99), S5))?.price).toBe("98");
    expect(matchOnCandle(buy, candle(T, 100, 101, 98.01, 99), S5).kind).toBe("none");
  });
});

describe("stop-market and take-profit orders (§3.3, §3.4)", () => {
  const stopSell = order({ side: "sell", type: "stop_market", stop_price: u("95") });

  it("a sell stop triggers on last ≤ S and fills at the bid with slippage, possibly below S", () => {
    expect(matchOnPrice(stopSell, quote("95.01"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(stopSell, quote("94.5", "94.49", "94.51"), S5))).toEqual({ price: "94.442755", liquidity: "taker", trigger: "95", ts: 0 });
  });

  it("a buy stop triggers on last ≥ S and fills at the ask with slippage", () => {
    const o = order({ side: "buy", type: "stop_market", stop_price: u("105") });
    expect(matchOnPrice(o, quote("104.99"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("105", "104.99", "105.01"), S5))?.price).toBe("105.062505");
  });

  it("§7.2 gap stop: O=93 H=96 L=90 with a stop at 95 exits at the open, 93, not 95", () => {
    expect(filled(matchOnCandle(stopSell, candle(T, 93, 96, 90, 94), S0))).toEqual({ price: "93", liquidity: "taker", trigger: "93", ts: T });
    expect(filled(matchOnCandle(stopSell, candle(T, 93, 96, 90, 94), S5))?.price).toBe("92.9535");
  });

  it("a stop touched inside the candle fills at S × (1 − s)", () => {
    expect(filled(matchOnCandle(stopSell, candle(T, 97, 98, 94, 96), S5))).toMatchObject({ price: "94.9525", trigger: "95" });
    expect(matchOnCandle(stopSell, candle(T, 97, 98, 95.01, 96), S5).kind).toBe("none");
  });

  it("a buy stop gapped through fills at max(S, open) × (1 + s)", () => {
    const o = order({ side: "buy", type: "stop_market", stop_price: u("105") });
    expect(filled(matchOnCandle(o, candle(T, 107, 108, 106, 107), S5))?.price).toBe("107.0535");
    expect(filled(matchOnCandle(o, candle(T, 104, 106, 103, 105), S5))?.price).toBe("105.0525");
  });

  it("take-profit (a market order on trigger): sell on last ≥ S at the bid, buy on last ≤ S", () => {
    const tp = order({ side: "sell", type: "take_profit", stop_price: u("110") });
    expect(matchOnPrice(tp, quote("109.99"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(tp, quote("110.2", "110.1", "110.3"), S5))).toMatchObject({ price: "110.04495", trigger: "110" });
    expect(filled(matchOnCandle(tp, candle(T, 112, 113, 111, 112), S5))?.price).toBe("111.944");
    expect(filled(matchOnCandle(tp, candle(T, 108, 110, 107, 109), S5))?.price).toBe("109.945");
    const tpBuy = order({ side: "buy", type: "take_profit", stop_price: u("90") });
    expect(matchOnPrice(tpBuy, quote("90.01"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(tpBuy, quote("90"), S5))?.price).toBe("90.045");
  });

  it("take-profit buy and limit sell on a candle mirror their sell and buy", () => {
    const tpBuy = order({ side: "buy", type: "take_profit", stop_price: u("90") });
    expect(filled(matchOnCandle(tpBuy, candle(T, 88, 89, 87, 88), S5))?.price).toBe("88.044");
    expect(filled(matchOnCandle(tpBuy, candle(T, 92, 93, 89, 91), S5))?.price).toBe("90.045");
    expect(matchOnCandle(tpBuy, candle(T, 92, 93, 90.01, 91), S5).kind).toBe("none");
    const sell = order({ side: "sell", type: "limit", price: u("101") });
    expect(filled(matchOnCandle(sell, candle(T, 103, 104, 102, 103), S5))).toMatchObject({ price: "101", liquidity: "maker" });
    expect(matchOnCandle(sell, candle(T, 100, 100.99, 99, 100), S5).kind).toBe("none");
  });

  it("ignores candles that opened before the order existed (§3.4)", () => {
    const late = { ...stopSell, placed_at: T + 1 };
    expect(matchOnCandle(late, candle(T, 97, 98, 90, 96), S5).kind).toBe("none");
    expect(matchOnCandle(late, candle(T + MINUTE_MS, 97, 98, 90, 96), S5).kind).toBe("fill");
  });
});

describe("stop-limit orders", () => {
  const o = order({ side: "sell", type: "stop_limit", stop_price: u("95"), price: u("94") });

  it("on trigger, a marketable limit fills at once at the better of the book and L", () => {
    expect(matchOnPrice(o, quote("95.01"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("94.9", "94.89", "94.91"), S5))).toMatchObject({ price: "94.842555", liquidity: "taker", trigger: "95" });
    // Below L the sell limit is not marketable: it rests.
    expect(matchOnPrice(o, quote("93", "92.9", "93.1"), S5).kind).toBe("triggered");
  });

  it("otherwise rests as a limit at L, filled later as a maker", () => {
    const high = { ...o, price: u("94.95") };
    const r = matchOnPrice(high, quote("94.9", "94.89", "94.91", T + 5), S5);
    expect(r.kind).toBe("triggered");
    expect(r.order).toMatchObject({ triggered: true, placed_at: T + 5 });
    expect(matchOnPrice(r.order, quote("94.94"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(r.order, quote("94.95"), S5))).toMatchObject({ price: "94.95", liquidity: "maker" });
  });

  it("on a candle, a limit left resting by a mid-candle trigger waits for the next candle", () => {
    const high = { ...o, price: u("95.2") };
    const r = matchOnCandle(high, candle(T, 96, 97, 94, 96), S5);
    expect(r.kind).toBe("triggered");
    expect(matchOnCandle(r.order, candle(T, 96, 97, 94, 96), S5).kind).toBe("none");
    expect(filled(matchOnCandle(r.order, candle(T + MINUTE_MS, 96, 97, 94, 96), S5))).toMatchObject({ price: "95.2", liquidity: "maker" });
    // Triggered at 95 with L 94.95: marketable at once, at the better of L and 95 × (1 − s).
    expect(filled(matchOnCandle({ ...o, price: u("94.95") }, candle(T, 96, 97, 94, 96), S5))?.price).toBe("94.9525");
    // A candle gapping below both S and L fills the marketable limit at the gap price with slippage, not below L.
    expect(filled(matchOnCandle(o, candle(T, 94.5, 94.6, 93, 94), S5))?.price).toBe("94.45275");
    expect(matchOnCandle(o, candle(T, 93, 94, 92, 93), S5).kind).toBe("triggered");
  });
});

describe("trailing stops (trailing_delta_bps, activation_price)", () => {
  const trail = (fields: Partial<RestingOrder> = {}) => order({ side: "sell", type: "trailing_stop", trailing_delta_bps: 500, ...fields });

  it("a sell trails the peak since placement and fires at peak × (1 − δ)", () => {
    let o = placeOrder(trail(), quote("100", "100", "100", T), S5).order;
    expect(o.trailing?.live).toEqual({ activated: true, extreme: u("100") });
    o = matchOnPrice(o, quote("110"), S5).order;
    expect(o.trailing?.live.extreme).toBe(u("110"));
    expect(matchOnPrice(o, quote("104.51"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("104.5", "104.4", "104.6"), S5))).toMatchObject({ price: "104.3478", trigger: "104.5", liquidity: "taker" });
  });

  it("waits for its activation price before trailing", () => {
    let o = placeOrder(trail({ activation_price: u("105") }), quote("100", "100", "100", T), S5).order;
    expect(o.trailing?.live).toEqual({ activated: false, extreme: null });
    const r = matchOnPrice(o, quote("90"), S5);
    expect(r.kind).toBe("none");
    o = matchOnPrice(o, quote("106"), S5).order;
    o = matchOnPrice(o, quote("108"), S5).order;
    expect(o.trailing?.live).toEqual({ activated: true, extreme: u("108") });
    expect(matchOnPrice(o, quote("102.61"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("102.6"), S5))?.trigger).toBe("102.6");
  });

  it("a buy trails the trough and fires at trough × (1 + δ)", () => {
    let o = placeOrder(order({ side: "buy", type: "trailing_stop", trailing_delta_bps: 500 }), quote("100", "100", "100", T), S5).order;
    o = matchOnPrice(o, quote("90"), S5).order;
    expect(matchOnPrice(o, quote("94.49"), S5).kind).toBe("none");
    expect(filled(matchOnPrice(o, quote("94.5"), S5))).toMatchObject({ price: "94.54725", trigger: "94.5" });
  });

  it("§7.5: a candle's high never triggers in the same candle; the trail rises from the next one", () => {
    let o = placeOrder(trail(), quote("100", "100", "100", T), S5).order;
    const first = matchOnCandle(o, candle(T + MINUTE_MS, 100, 110, 99, 108), S5);
    expect(first.kind).toBe("none");
    o = first.order;
    expect(o.trailing?.settled.extreme).toBe(u("110"));
    expect(o.trailing?.live.extreme).toBe(u("110"));
    // Next candle O=108 H=108 L=104: exit at 104.5 × (1 − s).
    expect(filled(matchOnCandle(o, candle(T + 2 * MINUTE_MS, 108, 108, 104, 105), S0))).toMatchObject({ price: "104.5", trigger: "104.5" });
    expect(filled(matchOnCandle(o, candle(T + 2 * MINUTE_MS, 108, 108, 104, 105), S5))?.price).toBe("104.44775");
    // A gap below the level fills at the open.
    expect(filled(matchOnCandle(o, candle(T + 2 * MINUTE_MS, 103, 104, 102, 103), S0))?.price).toBe("103");
  });

  it("the candle pass tests the level as of the candle's open, not a peak set by ticks within it", () => {
    let o = placeOrder(trail(), quote("100", "100", "100", T), S5).order;
    // Ticks inside the next minute reach 110; the same minute's low of 99 came before (or after) them.
    o = matchOnPrice(o, quote("110"), S5).order;
    expect(matchOnCandle(o, candle(T + MINUTE_MS, 100, 110, 99, 108), S5).kind).toBe("none");
  });

  it("a buy on candles: tests the high against the trough's level, then lowers the trough with the low", () => {
    let o = placeOrder(order({ side: "buy", type: "trailing_stop", trailing_delta_bps: 500 }), quote("100", "100", "100", T), S5).order;
    const r = matchOnCandle(o, candle(T + MINUTE_MS, 100, 101, 90, 94), S5);
    expect(r.kind).toBe("none");
    o = r.order;
    expect(o.trailing?.settled.extreme).toBe(u("90"));
    expect(filled(matchOnCandle(o, candle(T + 2 * MINUTE_MS, 94, 95, 93, 95), S0))).toMatchObject({ price: "94.5", trigger: "94.5" });
    expect(filled(matchOnCandle(o, candle(T + 2 * MINUTE_MS, 96, 97, 95, 96), S0))?.price).toBe("96");
  });

  it("activates on a candle's high and trails from it", () => {
    const o = placeOrder(trail({ activation_price: u("105") }), quote("100", "100", "100", T), S5).order;
    const r = matchOnCandle(o, candle(T + MINUTE_MS, 100, 106, 95, 101), S5);
    expect(r.kind).toBe("none");
    expect(r.order.trailing?.settled).toEqual({ activated: true, extreme: u("106") });
    expect(filled(matchOnCandle(r.order, candle(T + 2 * MINUTE_MS, 101, 101, 100, 100), S0))?.price).toBe("100.7");
  });
});

describe("OCO pairs (§3.3, §1.7)", () => {
  const pair = (stop = "95", target = "110"): OcoPair => ({
    id: "oco",
    stop: restingOrder({ id: "sl", side: "sell", type: "stop_market", amount: u("1"), stop_price: u(stop), placed_at: T }),
    target: restingOrder({ id: "tp", side: "sell", type: "limit", amount: u("1"), price: u(target), placed_at: T }),
  });

  it("a fill of either leg cancels the other", () => {
    const stop = matchOcoOnPrice(pair(), quote("94.9"), S0);
    expect(stop).toMatchObject({ kind: "done", leg: "stop", canceled: "tp" });
    const target = matchOcoOnPrice(pair(), quote("110"), S0);
    expect(target).toMatchObject({ kind: "done", leg: "target", canceled: "sl" });
    expect(matchOcoOnPrice(pair(), quote("100"), S0).kind).toBe("none");
  });

  const legPrice = (r: ReturnType<typeof matchOcoOnCandle>) => (r.kind === "done" && r.outcome.kind === "fill" ? `${r.leg}@${d(r.outcome.fill.price)}` : r.kind);

  it("§7.3 gap target: the bar opens at 112, the target fills at exactly 110", () => {
    expect(legPrice(matchOcoOnCandle(pair(), candle(T, 112, 113, 111, 112), S0))).toBe("target@110");
  });

  it("§7.4 both levels inside one bar (O=100 H=111 L=94): the stop is assumed first, exit at 95", () => {
    expect(legPrice(matchOcoOnCandle(pair(), candle(T, 100, 111, 94, 105), S0))).toBe("stop@95");
  });

  it("a gap through the target beats a stop touched later in the same bar", () => {
    expect(legPrice(matchOcoOnCandle(pair(), candle(T, 111, 111, 94, 100), S0))).toBe("target@110");
  });

  it("a gap through the stop wins at the open", () => {
    expect(legPrice(matchOcoOnCandle(pair(), candle(T, 93, 111, 90, 100), S0))).toBe("stop@93");
  });

  it("a trailing stop leg carries its state while neither leg fills", () => {
    const p: OcoPair = { ...pair(), stop: placeOrder(restingOrder({ id: "ts", side: "sell", type: "trailing_stop", amount: u("1"), trailing_delta_bps: 500 }), quote("100", "100", "100", T), S0).order };
    const r = matchOcoOnCandle(p, candle(T + MINUTE_MS, 100, 108, 99, 107), S0);
    expect(r.kind).toBe("none");
    if (r.kind !== "none") return;
    expect(r.changed).toBe(true);
    expect(r.pair.stop.trailing?.settled.extreme).toBe(u("108"));
    expect(legPrice(matchOcoOnCandle(r.pair, candle(T + 2 * MINUTE_MS, 107, 107, 102, 103), S0))).toBe("stop@102.6");
  });
});

describe("§7.11 matcher downtime: replaying 1m candles since the cursor", () => {
  const sell = restingOrder({ id: "ls", side: "sell", type: "limit", amount: u("1"), price: u("105"), placed_at: T });
  const candles = [candle(T + MINUTE_MS, 100, 104, 99, 103), candle(T + 2 * MINUTE_MS, 103, 105.5, 102, 105), candle(T + 3 * MINUTE_MS, 105, 106, 104, 105)];

  it("fills a resting limit sell at L, stamped at the minute whose high reached it, exactly once", () => {
    const first = replayCandles([{ kind: "order", order: sell }], candles, T, S5);
    expect(first.events).toHaveLength(1);
    const e = first.events[0];
    expect(e).toMatchObject({ id: "ls", candle_open_time: T + 2 * MINUTE_MS, canceled: null });
    expect(e.outcome.kind === "fill" && d(e.outcome.fill.price)).toBe("105");
    expect(e.outcome.kind === "fill" && e.outcome.fill.ts).toBe(T + 2 * MINUTE_MS);
    expect(first.book).toEqual([]);
    expect(first.cursor).toBe(T + 3 * MINUTE_MS);
    // Replaying from the advanced cursor, or the emptied book, does nothing more.
    expect(replayCandles([{ kind: "order", order: sell }], candles, first.cursor, S5).events).toEqual([]);
    expect(replayCandles(first.book, candles, T, S5).events).toEqual([]);
  });

  it("processes stop-type entries before limits inside a candle, older first, and OCO pairs as pairs", () => {
    const stop = restingOrder({ id: "st", side: "sell", type: "stop_market", amount: u("1"), stop_price: u("99.5"), placed_at: T + 1 });
    const oco: OcoPair = {
      id: "oco",
      stop: restingOrder({ id: "sl", side: "sell", type: "stop_market", amount: u("1"), stop_price: u("90"), placed_at: T }),
      target: restingOrder({ id: "tp", side: "sell", type: "limit", amount: u("1"), price: u("104"), placed_at: T }),
    };
    const r = replayCandles(
      [
        { kind: "order", order: sell },
        { kind: "oco", pair: oco },
        { kind: "order", order: stop },
      ],
      candles,
      T,
      S5,
    );
    expect(r.events.map((e) => `${e.id}@${e.candle_open_time - T}:${e.canceled ?? "-"}`)).toEqual([`oco@${MINUTE_MS}:sl`, `st@${MINUTE_MS}:-`, `ls@${2 * MINUTE_MS}:-`]);
  });
});
