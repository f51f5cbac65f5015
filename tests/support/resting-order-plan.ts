import { simulatedTicker } from "@/lib/market/simulated";

export type RestingPlan = { side: "sell" | "buy"; price: number; due: number };

/**
 * The simulated market is a function of time, so a test can know where it will go. Finds, from
 * `fromSecond` to a minute ahead, three seconds in a row whose last price stays above every bid around
 * now (a sell limit just under them rests when placed and must fill when the last price reaches it,
 * trading-semantics.md §3.3), or below every ask (the same for a buy limit). `due` is when the window
 * ends; null when the minute has neither.
 */
export function restingOrderPlan(q: { seed: string; symbol: string; tick: number; now?: number; fromSecond?: number; allow?: ("sell" | "buy")[] }): RestingPlan | null {
  const at = (ms: number) => simulatedTicker({ seed: q.seed, symbol: q.symbol, at: ms });
  const now = Math.floor((q.now ?? Date.now()) / 1000) * 1000;
  const allow = q.allow ?? ["sell", "buy"];
  // The server may quote from a ticker a poll old, or a few seconds on: every bid and ask around now counts.
  const around = [-3, -2, -1, 0, 1, 2, 3, 4, 5].map((k) => at(now + k * 1000));
  const highestBid = Math.max(...around.map((t) => t.bid));
  const lowestAsk = Math.min(...around.map((t) => t.ask));
  for (let k = q.fromSecond ?? 8; k < 60; k++) {
    const lasts = [0, 1, 2].map((j) => at(now + (k + j) * 1000).last);
    const under = Math.floor(Math.min(...lasts) / q.tick) * q.tick;
    const over = Math.ceil(Math.max(...lasts) / q.tick) * q.tick;
    const due = now + (k + 3) * 1000;
    if (allow.includes("sell") && under > highestBid) return { side: "sell", price: Number(under.toFixed(8)), due };
    if (allow.includes("buy") && over < lowestAsk) return { side: "buy", price: Number(over.toFixed(8)), due };
  }
  return null;
}

/** When a plan's order must have filled at the latest: the window's minute closed and was replayed. */
export const planDeadline = (plan: RestingPlan) => Math.ceil(plan.due / 60_000) * 60_000 + 35_000;
