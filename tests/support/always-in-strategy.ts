/**
 * A 1-minute rules strategy whose entry holds on every candle (close > 0) and whose exit never does:
 * its bot buys once, at the first fresh candle, and then holds. Shared by the bots' HTTP and
 * browser tests; only the sizing and protections differ between them.
 */
export function alwaysInStrategy(risk: { position_size_pct: number; stop_loss_pct: number; take_profit_pct: number }) {
  return {
    type: "rules",
    symbols: ["BTC/USDT"],
    timeframe: "1m",
    parameters: {
      entry: { combine: "all", conditions: [{ left: { kind: "price", field: "close" }, op: ">", right: { kind: "constant", value: 0 } }] },
      exit: { combine: "all", conditions: [{ left: { kind: "price", field: "close" }, op: "<", right: { kind: "constant", value: 0 } }] },
    },
    risk: { ...risk, max_open_trades: 1, trailing_stop_pct: null },
  };
}
