"use client";

import { PieChart } from "lucide-react";
import { formatMoney } from "@/components/trading/format";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { DONUT_CIRCUMFERENCE, DONUT_RADIUS, donutSegments } from "./donut";
import type { AllocationSlice } from "./types";

const PALETTE = [
  { stroke: "stroke-primary", swatch: "bg-primary" },
  { stroke: "stroke-success", swatch: "bg-success" },
  { stroke: "stroke-warning", swatch: "bg-warning" },
  { stroke: "stroke-danger", swatch: "bg-danger" },
  { stroke: "stroke-primary/50", swatch: "bg-primary/50" },
  { stroke: "stroke-success/50", swatch: "bg-success/50" },
  { stroke: "stroke-warning/50", swatch: "bg-warning/50" },
  { stroke: "stroke-muted-foreground", swatch: "bg-muted-foreground" },
];

/**
 * Where the account's value sits, by asset. The drawing is decorative for assistive tech; the
 * legend beside it is a real list with every asset's value and share.
 */
export function AllocationDonut({ allocation, quoteAsset, total }: { allocation: readonly AllocationSlice[]; quoteAsset: string; total: number }) {
  const segments = donutSegments(allocation);
  if (segments.length === 0) {
    return <EmptyState icon={PieChart} title="Nothing allocated" description="The account holds no value yet." />;
  }
  return (
    <div className="flex flex-col items-center gap-4 p-3 sm:flex-row sm:items-start">
      <svg viewBox="0 0 100 100" className="size-36 shrink-0 -rotate-90" aria-hidden="true" data-testid="allocation-donut">
        <circle cx="50" cy="50" r={DONUT_RADIUS} fill="none" strokeWidth="12" className="stroke-muted" />
        {segments.map((s) => (
          <circle
            key={s.asset}
            cx="50"
            cy="50"
            r={DONUT_RADIUS}
            fill="none"
            strokeWidth="12"
            strokeDasharray={`${s.length} ${DONUT_CIRCUMFERENCE - s.length}`}
            strokeDashoffset={s.offset}
            className={PALETTE[s.colorIndex % PALETTE.length].stroke}
          />
        ))}
      </svg>
      <ul className="w-full min-w-0 space-y-1 text-body" aria-label="Allocation by asset" data-testid="allocation-list">
        {segments.map((s) => (
          <li key={s.asset} className="flex items-center gap-2 tabular-nums">
            <span className={cn("size-2.5 shrink-0 rounded-sm", PALETTE[s.colorIndex % PALETTE.length].swatch)} aria-hidden="true" />
            <span className="min-w-0 flex-1 truncate font-medium">{s.asset}</span>
            <span className="text-muted-foreground">
              {formatMoney(s.value)} {quoteAsset}
            </span>
            <span className="w-14 text-right">{s.pct.toFixed(1)}%</span>
          </li>
        ))}
        <li className="flex justify-between border-t border-border pt-1 text-[11px] text-muted-foreground">
          <span>Total</span>
          <span className="tabular-nums">
            {formatMoney(total)} {quoteAsset}
          </span>
        </li>
      </ul>
    </div>
  );
}
