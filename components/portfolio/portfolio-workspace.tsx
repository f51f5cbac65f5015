"use client";

import { useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { useEventVersion } from "@/components/api/use-event-stream";
import { PageHeader } from "@/components/shell/page-header";
import { WidgetCard } from "@/components/trading/widget-card";
import { AccountReset } from "./account-reset";
import { AllocationDonut } from "./allocation-donut";
import { EquityCurve } from "./equity-curve";
import { HistoryTable } from "./history-table";
import { SummaryCards } from "./summary-cards";
import type { PortfolioSummary } from "./types";

/** Re-reads the summary this often so values follow the market without a reload. */
const SUMMARY_REFRESH_MS = 15_000;

export function PortfolioWorkspace() {
  // A reset changes everything on the page, so every widget re-reads after one.
  const [resets, setResets] = useState(0);
  // …and so does every fill (by hand, by a resting order, by a bot), pushed by the event stream.
  const fills = useEventVersion(["fill.created", "position.updated"]);
  const version = resets + fills;
  const summary = useApiResource<PortfolioSummary>("/portfolio/summary", { version, refreshMs: SUMMARY_REFRESH_MS });

  return (
    <div data-testid="portfolio" className="flex flex-col gap-3">
      <PageHeader
        title="Portfolio"
        description="Your paper account's value, allocation and closed positions. All times are UTC."
        actions={<AccountReset onReset={() => setResets((n) => n + 1)} />}
      />
      <SummaryCards resource={summary} />
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <EquityCurve mode="equity" title="Equity" version={version} />
        <WidgetCard title="Allocation" resource={summary} loadingLabel="Loading allocation…" data-testid="allocation">
          {(data) => <AllocationDonut allocation={data.allocation} quoteAsset={data.quote_asset} total={data.total_value} />}
        </WidgetCard>
      </div>
      <HistoryTable version={version} />
    </div>
  );
}
