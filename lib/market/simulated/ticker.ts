/**
 * Ticker (trading-semantics.md §4.8, §6.2): last is the tick at floor(t, 1 s); change and
 * high/low/volume use Binance's rolling 24 h window (t − 24 h, t], not the UTC day, so the
 * simulated and exchange sources mean the same thing by "24h change".
 */
import { DAY_S, ORIGIN_S } from "./anchors";
import { roundToScale, symbolDay } from "./path";
import { symbolRuntime } from "./symbols";

export interface SimulatedTicker {
  symbol: string;
  last: number;
  bid: number;
  ask: number;
  change_24h: number;
  change_24h_pct: number;
  high_24h: number;
  low_24h: number;
  volume_24h: number;
  /** The tick's second (ms), so two processes answering within the same second agree exactly. */
  timestamp: number;
}

export interface SimulatedTickerQuery {
  seed: string | number;
  symbol: string;
  /** Server time, ms. */
  at: number;
}

function locate(s: number): { day: number; sec: number } {
  const rel = s - ORIGIN_S;
  const day = Math.floor(rel / DAY_S);
  return { day, sec: rel - day * DAY_S };
}

export function simulatedTicker(q: SimulatedTickerQuery): SimulatedTicker {
  const rt = symbolRuntime(q.symbol);
  const s = Math.floor(q.at / 1000);
  if (s - DAY_S < ORIGIN_S) throw new RangeError("Simulated tickers start 24 h after 2018-01-01T00:00:00Z");
  const now = locate(s);
  const then = locate(s - DAY_S);
  const today = symbolDay(q.seed, rt.spec.symbol, now.day);
  const last = today.price[now.sec];
  // Ticks s−86399..s: the tail of yesterday after the same second, then today up to now.
  const prev = symbolDay(q.seed, rt.spec.symbol, then.day);
  const open = prev.price[then.sec];
  let high = -Infinity;
  let low = Infinity;
  let vol = 0;
  for (let t = then.sec + 1; t <= DAY_S; t++) {
    const p = prev.price[t];
    if (p > high) high = p;
    if (p < low) low = p;
    vol += prev.volume[t];
  }
  for (let t = 1; t <= now.sec; t++) {
    const p = today.price[t];
    if (p > high) high = p;
    if (p < low) low = p;
    vol += today.volume[t];
  }
  const ps = rt.priceScale;
  const half = (last * rt.spec.spreadBp) / 2 / 10_000;
  // Keep at least one tick either side so bid < last < ask holds even when the spread is sub-tick.
  const bidUnits = Math.min(Math.floor((last - half) * ps + 1e-9), Math.round(last * ps) - 1);
  const askUnits = Math.max(Math.ceil((last + half) * ps - 1e-9), Math.round(last * ps) + 1);
  const changeUnits = Math.round(last * ps) - Math.round(open * ps);
  return {
    symbol: rt.spec.symbol,
    last,
    bid: bidUnits / ps,
    ask: askUnits / ps,
    change_24h: changeUnits / ps,
    change_24h_pct: roundToScale(((last - open) / open) * 100, 1000),
    high_24h: high,
    low_24h: low,
    volume_24h: Math.round(vol * rt.amountScale) / rt.amountScale,
    timestamp: s * 1000,
  };
}
