import { CalendarDays } from "lucide-react";
import { formatPercent } from "@/components/dashboard/format-market";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { heatmapRows, MONTH_NAMES, type HeatCell } from "./heatmap";
import type { MonthlyReturn } from "./types";

const UP = ["", "bg-success/15", "bg-success/30", "bg-success/50", "bg-success/70"];
const DOWN = ["", "bg-danger/15", "bg-danger/30", "bg-danger/50", "bg-danger/70"];

function cellClass(cell: HeatCell): string {
  if (cell.tone === "up") return UP[cell.level];
  if (cell.tone === "down") return DOWN[cell.level];
  return "";
}

/**
 * Monthly returns as a year × month table: colour shows sign and size, and every cell carries its
 * value as text, so the table reads the same without the colours.
 */
export function ReturnsHeatmap({ returns }: { returns: readonly MonthlyReturn[] }) {
  const rows = heatmapRows(returns);
  if (rows.length === 0) {
    return <EmptyState icon={CalendarDays} title="No monthly returns yet" description="Returns appear once the account has traded through a month." />;
  }
  return (
    // Focusable so keyboard users can scroll the table sideways on a narrow screen.
    <div className="w-full overflow-x-auto" data-testid="returns-heatmap" role="region" aria-label="Monthly returns" tabIndex={0}>
      <table className="w-full min-w-[44rem] border-separate border-spacing-0.5 text-center text-[11px] tabular-nums">
        <caption className="sr-only">Monthly returns in percent, by year and month</caption>
        <thead>
          <tr>
            <th scope="col" className="px-1 py-1 text-left font-medium text-muted-foreground">
              Year
            </th>
            {MONTH_NAMES.map((m) => (
              <th key={m} scope="col" className="px-1 py-1 font-medium text-muted-foreground">
                {m}
              </th>
            ))}
            <th scope="col" className="px-1 py-1 font-medium text-muted-foreground">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.year}>
              <th scope="row" className="px-1 py-1.5 text-left font-medium text-foreground">
                {row.year}
              </th>
              {row.cells.map((cell) => (
                <td key={cell.month} className={cn("rounded px-1 py-1.5", cellClass(cell), cell.value === null ? "text-muted-foreground/50" : "text-foreground")}>
                  {cell.value === null ? (
                    <>
                      <span aria-hidden="true">·</span>
                      <span className="sr-only">No data</span>
                    </>
                  ) : (
                    formatPercent(cell.value, 1)
                  )}
                </td>
              ))}
              <td className={cn("rounded px-1 py-1.5 font-semibold", row.total === null ? "" : row.total >= 0 ? "text-success" : "text-danger")}>
                {formatPercent(row.total, 1)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
