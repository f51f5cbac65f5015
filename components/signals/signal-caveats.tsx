/** What a trader must know before reading the numbers (trading-semantics.md §5.4). */
export function SignalCaveats({ scoreCandles }: { scoreCandles: number | undefined }) {
  return (
    <ul className="list-disc space-y-1 pl-4 text-[11px] leading-4 text-muted-foreground" data-testid="signal-caveats">
      <li>
        Strength is the weighted sum of the inputs&apos; votes, from 0 to 1. It is <strong className="font-medium text-foreground">not a probability</strong>; the hit rate of its band,
        measured on recorded signals, is in the table.
      </li>
      <li>
        A hit rate without its reward-to-risk is meaningless: a target at 0.5 ATR with a stop at 3 ATR &quot;hits&quot; about 85 % of the time and still loses money. Compare each rate
        with its break-even rate and read mean R for the real edge.
      </li>
      <li>Fear &amp; Greed is one daily number shared by every symbol, so the symbols&apos; hit rates are correlated, not independent evidence.</li>
      <li>Bands measured over a trending period mostly measure the trend; the baseline (the same levels entered at every candle) shows how much is left for the signal.</li>
      <li>
        On spot, a &quot;sell&quot; means exit or avoid, not short. The statistics score it as a short. Outcomes are judged on the next {scoreCandles ?? 24} candles, entry at the next
        open; a candle touching both levels counts as a stop unless 1-minute candles show the target first; expired signals count as misses.
      </li>
    </ul>
  );
}
