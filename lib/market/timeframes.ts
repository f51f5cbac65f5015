/**
 * The timeframes every market source serves, on the UTC grid. Free of imports, so client
 * components (chart, forms) and the server share this one list.
 */
export const TIMEFRAMES = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTES: Record<Timeframe, number> = {
  "1m": 1,
  "3m": 3,
  "5m": 5,
  "15m": 15,
  "30m": 30,
  "1h": 60,
  "2h": 120,
  "4h": 240,
  "6h": 360,
  "8h": 480,
  "12h": 720,
  "1d": 1440,
};

export function timeframeMs(timeframe: Timeframe): number {
  const m = MINUTES[timeframe];
  if (m === undefined) throw new RangeError(`Unsupported timeframe: ${String(timeframe)}`);
  return m * 60_000;
}

export function isTimeframe(tf: string): tf is Timeframe {
  return Object.hasOwn(MINUTES, tf);
}
