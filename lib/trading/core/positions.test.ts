import { describe, expect, it } from "vitest";
import { accountEquity, addBuy, addSell, emptyBook, markValue, summarizePosition, type LotBook } from "./positions";
import { d, u } from "./test-support";

function sold(book: LotBook, fill: Parameters<typeof addSell>[1]) {
  const r = addSell(book, fill);
  if (!r.ok) throw new Error("sell refused");
  return r;
}

describe("FIFO lots and realized P&L (§3.8)", () => {
  // Buy 1 @ 100 (fee 0.1), buy 2 @ 110 (fee 0.22), sell 1.5 @ 120 (fee 0.18), mark at 115.
  let book = emptyBook("COIN/USDT");
  book = addBuy(book, { fill_id: "b1", ts: 1, amount: u("1"), notional: u("100"), fee: u("0.1") });
  book = addBuy(book, { fill_id: "b2", ts: 2, amount: u("2"), notional: u("220"), fee: u("0.22") });
  const sale = sold(book, { fill_id: "s1", ts: 3, amount: u("1.5"), notional: u("180"), fee: u("0.18") });

  it("consumes the oldest lot first, one disposal per lot, buy fees in the cost", () => {
    expect(sale.disposals.map((x) => ({ lot: x.lot_fill_id, amount: d(x.amount), cost: d(x.cost), proceeds: d(x.proceeds), fee: d(x.fee), realized: d(x.realized) }))).toEqual([
      { lot: "b1", amount: "1", cost: "100.1", proceeds: "120", fee: "0.12", realized: "19.78" },
      { lot: "b2", amount: "0.5", cost: "55.055", proceeds: "60", fee: "0.06", realized: "4.885" },
    ]);
    expect(d(sale.book.realized)).toBe("24.665");
    expect(sale.disposals.map((x) => [x.acquired_at, x.disposed_at])).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it("average entry = remaining cost / remaining amount; unrealized = value − remaining cost", () => {
    const p = summarizePosition(sale.book, u("115"));
    expect({ amount: d(p.amount), cost: d(p.cost), avg: d(p.average_entry!), value: d(p.market_value), unrealized: d(p.unrealized), realized: d(p.realized) }).toEqual({
      amount: "1.5",
      cost: "165.165",
      avg: "110.11",
      value: "172.5",
      unrealized: "7.335",
      realized: "24.665",
    });
  });

  it("realized + unrealized = equity − starting balance, exactly", () => {
    const start = u("1000");
    const cash = start - u("100.1") - u("220.22") + u("180") - u("0.18");
    const equity = cash + markValue(u("1.5"), u("115"));
    const p = summarizePosition(sale.book, u("115"));
    expect(p.realized + p.unrealized).toBe(equity - start);
    expect(d(equity - start)).toBe("32");
    const balances = { USDT: { free: cash - u("10"), locked: u("10") }, COIN: { free: u("0.5"), locked: u("1") } };
    expect(accountEquity(balances, "USDT", { COIN: { price: u("115") } })).toBe(equity);
    expect(() => accountEquity(balances, "USDT", {})).toThrow(/No price to value COIN/);
  });

  it("splits an odd cost without losing a unit: lot costs always add up to what was paid", () => {
    let b = addBuy(emptyBook("X/USDT"), { fill_id: "b", ts: 1, amount: u("3"), notional: u("0.00000010"), fee: BigInt(0) });
    const first = sold(b, { fill_id: "s1", ts: 2, amount: u("1"), notional: u("0.00000007"), fee: BigInt(1) });
    b = first.book;
    const second = sold(b, { fill_id: "s2", ts: 3, amount: u("2"), notional: u("0.00000005"), fee: BigInt(1) });
    const costs = [...first.disposals, ...second.disposals].reduce((s, x) => s + x.cost, BigInt(0));
    expect(costs).toBe(u("0.0000001"));
    expect(second.book.lots).toEqual([]);
    expect(summarizePosition(second.book, u("1")).average_entry).toBeNull();
  });

  it("refuses to sell more than the book holds", () => {
    expect(addSell(book, { fill_id: "s", ts: 9, amount: u("3.1"), notional: u("1"), fee: BigInt(0) })).toEqual({ ok: false, held: u("3"), requested: u("3.1") });
  });

  it("keeps a book per owner: a bot's lots are its own", () => {
    const bot = addBuy(emptyBook("COIN/USDT", "bot-7"), { fill_id: "b9", ts: 5, amount: u("1"), notional: u("90"), fee: u("0.09") });
    expect(summarizePosition(bot, u("100"))).toMatchObject({ owner: "bot-7", amount: u("1"), cost: u("90.09"), unrealized: u("9.91") });
  });
});
