/* Known FIFO sequences built with the core's own lot books, as the store builds its disposal rows. */
import { addBuy, addSell, emptyBook, type LotBook, parseDecimal } from "@/lib/trading/core";
import type { EpisodeBuy, EpisodeDisposal } from "./episodes";

export const u = (s: string) => parseDecimal(s);

export type Step = { kind: "buy" | "sell"; id: string; ts: number; amount: string; notional: string; fee: string };

/** Replays buys and sells through one (symbol, owner) book and returns the rows the store would hold. */
export function replay(symbol: string, owner: string, steps: readonly Step[]): { buys: EpisodeBuy[]; disposals: EpisodeDisposal[] } {
  let book: LotBook = emptyBook(symbol, owner);
  const buys: EpisodeBuy[] = [];
  const disposals: EpisodeDisposal[] = [];
  for (const s of steps) {
    const fill = { fill_id: s.id, ts: s.ts, amount: u(s.amount), notional: u(s.notional), fee: u(s.fee) };
    if (s.kind === "buy") {
      book = addBuy(book, fill);
      buys.push({ ...fill, symbol, owner });
    } else {
      const r = addSell(book, fill);
      if (!r.ok) throw new Error("the fixture sells more than it holds");
      book = r.book;
      disposals.push(...r.disposals.map((d) => ({ ...d, symbol, owner })));
    }
  }
  return { buys, disposals };
}

/** Buy 1 @ 100, buy 1 @ 120, sell 1.5 @ 130, sell 0.5 @ 140, fees 0.1%. Realized: 29.77 + 4.875 + 9.87 = 44.515. */
export const BUY_BUY_SELL_SELL: Step[] = [
  { kind: "buy", id: "b1", ts: Date.parse("2026-01-02T10:00:00Z"), amount: "1", notional: "100", fee: "0.1" },
  { kind: "buy", id: "b2", ts: Date.parse("2026-01-03T10:00:00Z"), amount: "1", notional: "120", fee: "0.12" },
  { kind: "sell", id: "s1", ts: Date.parse("2026-01-04T10:00:00Z"), amount: "1.5", notional: "195", fee: "0.195" },
  { kind: "sell", id: "s2", ts: Date.parse("2026-01-05T10:00:00Z"), amount: "0.5", notional: "70", fee: "0.07" },
];
