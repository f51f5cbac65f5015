/**
 * Random sequences of orders, price moves, fills and cancels, checked after every step with exact
 * integers: balance = Σ ledger, no bucket below zero, locks = Σ open orders' locks, lots = holdings,
 * and realized + unrealized = equity − starting balance.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/backtest/test-support";
import { applyFill, balanceOf, deposit, lockFor, lockFunds, releaseLock, sameBalances, sumLedger, type Balances, type LedgerEntry, type LedgerResult, type Lock } from "./ledger";
import type { TradingMarket } from "./market";
import { matchOcoOnCandle, matchOcoOnPrice, matchOnCandle, matchOnPrice, MINUTE_MS, placeOrder, restingOrder, type MatchOutcome, type OcoPair, type RestingOrder } from "./matching";
import { bps, ratio, type Ratio } from "./money";
import { amountForSpend } from "./order-validation";
import { accountEquity, addBuy, addSell, bookAmount, emptyBook, markValue, summarizePosition, type LotBook } from "./positions";
import { COIN, RAW } from "./test-support";
import type { MinuteCandle, PriceQuote, Side } from "./types";

type Entry = { kind: "order"; order: RestingOrder; lock: Lock } | { kind: "oco"; pair: OcoPair; lock: Lock };

function run(seed: number, market: TradingMarket, feeRate: Ratio, slippageBps: number, steps: number) {
  const rand = seededRandom(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const slippage = bps(slippageBps);
  const cfg = { slippage };
  const ZERO = BigInt(0);
  const START = BigInt(10_000) * BigInt(100_000_000);
  const tick = market.price_tick;
  const step = market.amount_step > ZERO ? market.amount_step : BigInt(1);

  let balances: Balances = {};
  const log: LedgerEntry[] = [];
  let book: LotBook = emptyBook(market.symbol);
  let open: Entry[] = [];
  let last = BigInt(100) * BigInt(100_000_000);
  let now = 0;
  let nextId = 0;
  let fills = 0;
  let refusals = 0;

  const commit = (r: LedgerResult): boolean => {
    if (!r.ok) {
      refusals++;
      return false;
    }
    balances = r.balances;
    log.push(...r.entries);
    return true;
  };
  commit(deposit(balances, market.quote, START));

  const quoteNow = (): PriceQuote => {
    const half = tick * BigInt(int(3));
    return { last, bid: last - half > ZERO ? last - half : last, ask: last + half, ts: now };
  };

  /** Books a fill through the ledger and the lots; a refused fill rejects the order and releases its lock. */
  const settle = (side: Side, price: bigint, amount: bigint, lock: Lock | null, orderId: string) => {
    const fill = applyFill(balances, { order_id: orderId, fill_id: `f${nextId++}`, side, market, amount, price, fee_rate: feeRate, lock });
    if (!fill.ok) {
      refusals++;
      if (lock) expect(commit(releaseLock(balances, lock))).toBe(true);
      return;
    }
    commit(fill);
    fills++;
    const a = fill.amounts;
    if (side === "buy") book = addBuy(book, { fill_id: `f${nextId}`, ts: now, amount, notional: a.notional, fee: a.fee });
    else {
      const r = addSell(book, { fill_id: `f${nextId}`, ts: now, amount, notional: a.notional, fee: a.fee });
      expect(r.ok).toBe(true);
      if (r.ok) book = r.book;
    }
  };

  const place = (order: RestingOrder) => {
    const lock = lockFor({ ...order }, { market, fee_rate: feeRate, slippage, last });
    if (!lock) return;
    const owned = { ...lock, order_id: order.id };
    if (!commit(lockFunds(balances, owned))) return;
    const placed = placeOrder(order, quoteNow(), cfg);
    if (placed.kind === "fill") settle(order.side, placed.fill.price, order.amount, owned, order.id);
    else open.push({ kind: "order", order: placed.order, lock: owned });
  };

  const handle = (entry: Entry, r: MatchOutcome | ReturnType<typeof matchOcoOnPrice>): Entry | null => {
    if (entry.kind === "order") {
      const m = r as MatchOutcome;
      if (m.kind === "fill") {
        settle(entry.order.side, m.fill.price, entry.order.amount, entry.lock, entry.order.id);
        return null;
      }
      return { ...entry, order: m.order };
    }
    const o = r as ReturnType<typeof matchOcoOnPrice>;
    if (o.kind === "none") return { ...entry, pair: o.pair };
    if (o.outcome.kind === "fill") {
      settle("sell", o.outcome.fill.price, entry.pair.stop.amount, entry.lock, entry.pair.id);
      return null;
    }
    // A triggered stop-limit leg rests alone and keeps the pair's lock.
    return { kind: "order", order: o.outcome.order, lock: entry.lock };
  };

  const randomAmount = (max: bigint): bigint => {
    const steps = max / step;
    if (steps <= ZERO) return ZERO;
    return step * (BigInt(1) + (BigInt(int(1_000_000)) % steps));
  };

  for (let i = 0; i < steps; i++) {
    now += 1_000 + int(90_000);
    const freeQuote = balanceOf(balances, market.quote).free;
    const freeBase = balanceOf(balances, market.base).free;
    const ticks = (n: number) => tick * BigInt(1 + int(n));
    const op = int(11);
    const id = `o${nextId++}`;
    if (op === 0) {
      const spend = (freeQuote * BigInt(int(60))) / BigInt(100);
      const fill = applyFillPrice("buy");
      const amount = amountForSpend(spend, fill, feeRate, market);
      if (amount > ZERO) settle("buy", fill, amount, null, id);
    } else if (op === 1) {
      const amount = randomAmount(freeBase);
      if (amount > ZERO) settle("sell", applyFillPrice("sell"), amount, null, id);
    } else if (op === 2) {
      // Sometimes more than the balance can lock: the lock is refused and nothing changes.
      place(restingOrder({ id, side: "buy", type: "limit", amount: randomAmount(BigInt(int(3) + 1) * BigInt(5) * BigInt(100_000_000)), price: last - ticks(300) + ticks(5) }));
    } else if (op === 3 && freeBase > ZERO) {
      place(restingOrder({ id, side: "sell", type: int(2) ? "limit" : "take_profit", amount: randomAmount(freeBase), price: last + ticks(300) - ticks(5), stop_price: last + ticks(300) }));
    } else if (op === 4 && freeBase > ZERO) {
      const type = (["stop_market", "stop_limit", "trailing_stop"] as const)[int(3)];
      const stop = last - ticks(300);
      place(restingOrder({ id, side: "sell", type, amount: randomAmount(freeBase), stop_price: stop, price: stop - ticks(100), trailing_delta_bps: 10 + int(500) }));
    } else if (op === 5) {
      const type = (["stop_market", "stop_limit", "trailing_stop", "take_profit"] as const)[int(4)];
      const stop = type === "take_profit" ? last - ticks(300) : last + ticks(300);
      place(restingOrder({ id, side: "buy", type, amount: randomAmount(BigInt(20) * BigInt(100_000_000)), stop_price: stop, price: stop + ticks(100), trailing_delta_bps: 10 + int(500) }));
    } else if (op === 6 && freeBase > ZERO) {
      const amount = randomAmount(freeBase);
      const lock = { asset: market.base, amount, order_id: id };
      if (commit(lockFunds(balances, lock))) {
        const stopType = (["stop_market", "trailing_stop", "stop_limit"] as const)[int(3)];
        const stop = last - ticks(300);
        const pair: OcoPair = {
          id,
          stop: placeOrder(restingOrder({ id: `${id}s`, side: "sell", type: stopType, amount, stop_price: stop, price: stop - ticks(50), trailing_delta_bps: 10 + int(500) }), quoteNow(), cfg).order,
          target: restingOrder({ id: `${id}t`, side: "sell", type: int(2) ? "limit" : "take_profit", amount, price: last + ticks(300), stop_price: last + ticks(300), placed_at: now }),
        };
        open.push({ kind: "oco", pair, lock });
      }
    } else if (op === 7 && open.length > 0) {
      const [gone] = open.splice(int(open.length), 1);
      expect(commit(releaseLock(balances, gone.lock))).toBe(true);
    } else if (op === 8) {
      // A closed 1-minute candle around the price, then the price moves to its close.
      const o = last;
      const c = clampPrice(o + tick * BigInt(int(401) - 200));
      const h = (o > c ? o : c) + tick * BigInt(int(150));
      const l = clampPrice((o < c ? o : c) - tick * BigInt(int(150)));
      const openTime = now - (now % MINUTE_MS);
      const candle: MinuteCandle = { open_time: openTime, open: o, high: h, low: l, close: c };
      open = open.map((e) => handle(e, e.kind === "order" ? matchOnCandle(e.order, candle, cfg) : matchOcoOnCandle(e.pair, candle, cfg))).filter((e): e is Entry => e !== null);
      last = c;
      now = openTime + MINUTE_MS;
    } else {
      last = clampPrice(last + tick * BigInt(int(201) - 100));
      const q = quoteNow();
      open = open.map((e) => handle(e, e.kind === "order" ? matchOnPrice(e.order, q, cfg) : matchOcoOnPrice(e.pair, q, cfg))).filter((e): e is Entry => e !== null);
    }
    check();
  }
  return { fills, refusals, open: open.length };

  function applyFillPrice(side: Side): bigint {
    const q = quoteNow();
    const p = side === "buy" ? q.ask : q.bid;
    return side === "buy" ? (p * (slippage.den + slippage.num) + slippage.den - BigInt(1)) / slippage.den : (p * (slippage.den - slippage.num)) / slippage.den;
  }

  function clampPrice(p: bigint): bigint {
    const floor = BigInt(50) * BigInt(100_000_000);
    return p < floor ? floor + tick * BigInt(int(10)) : p;
  }

  function check() {
    for (const [asset, b] of Object.entries(balances)) {
      expect(b.free >= ZERO, `${asset} free`).toBe(true);
      expect(b.locked >= ZERO, `${asset} locked`).toBe(true);
    }
    expect(sameBalances(balances, sumLedger(log))).toBe(true);
    const locked = new Map<string, bigint>();
    for (const e of open) locked.set(e.lock.asset, (locked.get(e.lock.asset) ?? ZERO) + e.lock.amount);
    for (const asset of [market.base, market.quote]) expect(balanceOf(balances, asset).locked).toBe(locked.get(asset) ?? ZERO);
    const baseHeld = balanceOf(balances, market.base);
    expect(bookAmount(book)).toBe(baseHeld.free + baseHeld.locked);
    const q = balanceOf(balances, market.quote);
    const equity = q.free + q.locked + markValue(baseHeld.free + baseHeld.locked, last, market.scales);
    expect(accountEquity(balances, market.quote, { [market.base]: { price: last, scales: market.scales } })).toBe(equity);
    const p = summarizePosition(book, last, market);
    expect(p.realized + p.unrealized).toBe(equity - START);
  }
}

describe("ledger and position invariants under random order flow", () => {
  const cases: [string, TradingMarket, Ratio, number][] = [
    ["Binance-like filters, 0.1% fee, 5 bps", COIN, ratio(0.001), 5],
    ["atomic steps, 0.075% fee, 7 bps", RAW, ratio(0.00075), 7],
    ["no fee, no slippage", COIN, ratio(0), 0],
  ];
  for (const [name, market, fee, slip] of cases) {
    it(name, () => {
      let fills = 0;
      let refusals = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const r = run(seed * 7919 + slip, market, fee, slip, 400);
        fills += r.fills;
        refusals += r.refusals;
      }
      // The sequences must actually trade, and sometimes be refused, or they prove little.
      expect(fills).toBeGreaterThan(300);
      expect(refusals).toBeGreaterThan(0);
    });
  }
});
