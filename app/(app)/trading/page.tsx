import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { TradingWorkspace } from "@/components/trading/trading-workspace";

export const metadata: Metadata = { title: "Trading" };

export default function TradingPage() {
  return (
    <div data-testid="trading" className="flex flex-col gap-3">
      <PageHeader title="Trading" description="Paper account: orders fill against live market prices with your fee rate. All times are UTC." />
      <TradingWorkspace />
    </div>
  );
}
