import { cn } from "@/components/ui/class-names";
import { INPUT_LABELS, type Signal } from "./signal-types";

const signed = (x: number, digits = 3) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(digits)}`;
const tone = (x: number) => (x > 0 ? "text-success" : x < 0 ? "text-danger" : "text-muted-foreground");

/** Why: each input's vote and weight, and its share of the score; the shares add up to the score. */
export function SignalReasons({ signal, id }: { signal: Signal; id: string }) {
  return (
    <div id={id} className="border-t border-border bg-background/40 px-3 py-2" data-testid="signal-reasons">
      <table className="w-full text-[11px] leading-5 tabular-nums">
        <caption className="sr-only">
          Reasons for the {signal.symbol} signal: each input votes from −1 (sell) to +1 (buy); weight × vote is its share of the score.
        </caption>
        <thead className="text-muted-foreground">
          <tr>
            <th scope="col" className="text-left font-medium">Input</th>
            <th scope="col" className="hidden text-left font-medium sm:table-cell">Reading</th>
            <th scope="col" className="text-right font-medium">Vote</th>
            <th scope="col" className="text-right font-medium">Weight</th>
            <th scope="col" className="text-right font-medium">Share</th>
          </tr>
        </thead>
        <tbody>
          {signal.reasons.map((r) => (
            <tr key={r.input} data-testid="signal-reason" data-input={r.input}>
              <td className="pr-2 text-foreground">{INPUT_LABELS[r.input]}</td>
              <td className="hidden max-w-[22rem] truncate pr-2 text-muted-foreground sm:table-cell" title={r.text}>
                {r.text}
              </td>
              <td className={cn("text-right", tone(r.vote))}>{signed(r.vote, 2)}</td>
              <td className="text-right text-muted-foreground">{r.weight.toFixed(2)}</td>
              <td className={cn("text-right", tone(r.contribution))}>{signed(r.contribution)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-border">
            <th scope="row" colSpan={2} className="hidden text-left font-medium text-foreground sm:table-cell">
              Score (strength {signal.confidence.toFixed(3)})
            </th>
            <th scope="row" className="text-left font-medium text-foreground sm:hidden">
              Score
            </th>
            <td colSpan={2} />
            <td className={cn("text-right font-medium", tone(signal.score))} data-testid="signal-score">
              {signed(signal.score)}
            </td>
          </tr>
        </tfoot>
      </table>
      {signal.degraded ? (
        <p className="mt-1 text-[11px] text-warning">Degraded: an input fell back (no Fear &amp; Greed reading for the candle&apos;s UTC date), so it is left out of the statistics.</p>
      ) : null}
    </div>
  );
}
