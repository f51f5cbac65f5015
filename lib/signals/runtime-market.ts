import { isMarketTimeframe } from "@/lib/market/provider";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import type { SignalMarket } from "./candle-signals";

/** The inputs of a signal from the deployment's market runtime: the candle store, markets, F&G history. */
export function runtimeSignalMarket(rt: MarketRuntime): SignalMarket {
  return {
    source: rt.source.id,
    async closedCandles(symbol, timeframe, count) {
      if (!isMarketTimeframe(timeframe)) return null;
      const w = await rt.candles.window(symbol, timeframe, { limit: count }, { allowFetch: true });
      return { candles: w.candles, stale: w.stale, as_of: w.as_of };
    },
    async priceTick(symbol) {
      return (await rt.findMarket(symbol))?.price_tick ?? null;
    },
    async fearGreedOn(day) {
      const p = await rt.fearGreedHistory.onOrBefore(day);
      // Only the reading of that very day counts (§5.1); an earlier day's is a fallback → degraded.
      return p && p.day === day ? { value: p.value, date: p.day, source: p.source } : null;
    },
  };
}
