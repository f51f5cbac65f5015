import { formatUtcTime } from "@/components/format/format-time";
import type { CandlesResponse } from "./market-types";

type LastCandleSummaryProps = {
  data: CandlesResponse | null;
  /** Set when the chosen symbol and timeframe could not be loaded. */
  failedFor?: string;
};

/**
 * The newest closed candle in words, for screen readers, and with the exact figures from the API in
 * data attributes for anything that reads the page programmatically.
 */
export function LastCandleSummary({ data, failedFor }: LastCandleSummaryProps) {
  const items = data?.items ?? [];
  const last = items.at(-1);
  const previous = items.at(-2);

  let text: string;
  if (failedFor) text = `Candles for ${failedFor} could not be loaded.`;
  else if (!data) text = "Loading candles…";
  else if (!last) text = `${data.symbol} ${data.timeframe}: no closed candles yet.`;
  else
    text =
      `${data.symbol} ${data.timeframe}, last closed candle ${formatUtcTime(last.open_time)}: ` +
      `open ${last.open}, high ${last.high}, low ${last.low}, close ${last.close}, volume ${last.volume}`;

  const attributes =
    data && last && !failedFor
      ? {
          "data-symbol": data.symbol,
          "data-timeframe": data.timeframe,
          "data-open-time": String(last.open_time),
          "data-open": String(last.open),
          "data-high": String(last.high),
          "data-low": String(last.low),
          "data-close": String(last.close),
          "data-volume": String(last.volume),
          "data-spacing-ms": previous ? String(last.open_time - previous.open_time) : undefined,
        }
      : {};

  return (
    <p
      data-testid="last-candle-summary"
      aria-live="polite"
      title={text}
      className="truncate text-[11px] leading-4 text-muted-foreground tabular-nums"
      {...attributes}
    >
      {text}
    </p>
  );
}
