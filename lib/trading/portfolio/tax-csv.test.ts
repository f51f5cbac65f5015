import { describe, expect, it } from "vitest";
import { accountFifoDisposals, csvField, csvText, taxCsv, type TaxFill } from "./tax-csv";
import { BUY_BUY_SELL_SELL, replay, u } from "./test-support";

describe("taxCsv", () => {
  it("writes the FIFO disposals of a known sequence exactly", () => {
    const { disposals } = replay("BTC/USDT", "manual", BUY_BUY_SELL_SELL);
    expect(taxCsv(disposals)).toBe(
      [
        "disposed_at,acquired_at,symbol,owner,amount,proceeds,fee,cost_basis,realized_gain,sell_fill_id,lot_fill_id",
        "2026-01-04T10:00:00.000Z,2026-01-02T10:00:00.000Z,BTC/USDT,manual,1.00000000,130.00000000,0.13000000,100.10000000,29.77000000,s1,b1",
        "2026-01-04T10:00:00.000Z,2026-01-03T10:00:00.000Z,BTC/USDT,manual,0.50000000,65.00000000,0.06500000,60.06000000,4.87500000,s1,b2",
        "2026-01-05T10:00:00.000Z,2026-01-03T10:00:00.000Z,BTC/USDT,manual,0.50000000,70.00000000,0.07000000,60.06000000,9.87000000,s2,b2",
        "",
      ].join("\r\n"),
    );
  });

  it("writes each amount at its asset's scale, a loss with its sign", () => {
    const { disposals } = replay("SHIB/USDT", "bot-1", [
      { kind: "buy", id: "b", ts: 0, amount: "1000", notional: "0.0123", fee: "0.00000013" },
      { kind: "sell", id: "s", ts: 1_500, amount: "1000", notional: "0.0111", fee: "0.00000012" },
    ]);
    // Base units read at 6 decimals here, quote units at 8: 1000 × 10^8 base units are 100,000 whole coins.
    const csv = taxCsv(disposals, () => ({ base: 6, quote: 8, price: 8 }));
    expect(csv.split("\r\n")[1]).toBe("1970-01-01T00:00:01.500Z,1970-01-01T00:00:00.000Z,SHIB/USDT,bot-1,100000.000000,0.01110000,0.00000012,0.01230013,-0.00120025,s,b");
    expect(u("0.0111") - u("0.00000012") - u("0.01230013")).toBe(u("-0.00120025"));
  });

  it("quotes per RFC 4180 and defuses spreadsheet formulas in names", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a,b "c"')).toBe('"a,b ""c"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvText("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvText("@bot,1")).toBe(`"'@bot,1"`);
    const { disposals } = replay("BTC/USDT", 'grid "fast", v2', BUY_BUY_SELL_SELL);
    expect(taxCsv(disposals).split("\r\n")[1]).toContain(',BTC/USDT,"grid ""fast"", v2",1.00000000,');
  });

  it("writes only the header without disposals", () => {
    expect(taxCsv([])).toBe("disposed_at,acquired_at,symbol,owner,amount,proceeds,fee,cost_basis,realized_gain,sell_fill_id,lot_fill_id\r\n");
  });

  it("replays account-wide FIFO across owners for the tax view", () => {
    // A bot buys first at 100, a manual buy follows at 200, then a manual sell of 1: account-wide
    // FIFO takes the bot's older lot (cost 100), whatever the bot attribution says.
    const fill = (fill_id: string, side: "buy" | "sell", ts: number, notional: string): TaxFill => ({ fill_id, symbol: "BTC/USDT", side, ts, amount: u("1"), notional: u(notional), fee: u("0") });
    const rows = accountFifoDisposals([fill("m-buy", "buy", 2_000, "200"), fill("bot-buy", "buy", 1_000, "100"), fill("m-sell", "sell", 3_000, "150")]);
    expect(rows).toEqual([
      { sell_fill_id: "m-sell", lot_fill_id: "bot-buy", acquired_at: 1_000, disposed_at: 3_000, amount: u("1"), cost: u("100"), proceeds: u("150"), fee: u("0"), realized: u("50"), symbol: "BTC/USDT", owner: "account" },
    ]);
    expect(() => accountFifoDisposals([fill("s", "sell", 1, "1")])).toThrow(RangeError);
  });
});
