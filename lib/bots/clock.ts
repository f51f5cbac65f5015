/**
 * When a bot may act (trading-semantics.md §6.1). Times are the source's clock (the exchange's
 * server time), never the local one: a candle is closed once open_time + timeframe is at least
 * CLOSE_GRACE_MS behind it.
 */
export const CLOSE_GRACE_MS = 2_000;
/** A signal older than this, even within 25% of its timeframe, is not traded. */
export const MAX_FRESHNESS_MS = 15 * 60_000;

/** Open time of the newest closed candle at `serverNow`. */
export function latestClosedOpen(serverNow: number, timeframeMs: number, graceMs = CLOSE_GRACE_MS): number {
  return Math.floor((serverNow - graceMs) / timeframeMs) * timeframeMs - timeframeMs;
}

/** Only the latest closed candle may trade, and only while now − its close ≤ min(25% of the timeframe, 15 min). */
export function isFresh(openTime: number, timeframeMs: number, serverNow: number): boolean {
  return serverNow - (openTime + timeframeMs) <= Math.min(timeframeMs / 4, MAX_FRESHNESS_MS);
}

/**
 * The candles a bot still has to evaluate, oldest first: after the last one it evaluated, at most
 * `catchupMax` of them (older ones are skipped). A new bot starts at the latest closed candle.
 */
export function candlesToEvaluate(lastEvaluated: number | null, latest: number, timeframeMs: number, catchupMax: number): number[] {
  if (lastEvaluated !== null && lastEvaluated >= latest) return [];
  const first = lastEvaluated === null ? latest : Math.max(lastEvaluated + timeframeMs, latest - (catchupMax - 1) * timeframeMs);
  const out: number[] = [];
  for (let t = first; t <= latest; t += timeframeMs) out.push(t);
  return out;
}

/** When the bot will next look: the close of the candle after `latest`, plus the grace. */
export function nextEvaluationAt(latest: number, timeframeMs: number, graceMs = CLOSE_GRACE_MS): number {
  return latest + 2 * timeframeMs + graceMs;
}

/** The idempotency key of the order a bot's candle causes, also the order's client_order_id. */
export function botOrderKey(strategyId: string, symbol: string, timeframe: string, openTime: number): string {
  return `bot:${strategyId}:${symbol}:${timeframe}:${openTime}`;
}
