import type { Metadata } from "next";
import { AnalyticsWorkspace } from "@/components/portfolio/analytics-workspace";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Analytics" };

export default function AnalyticsPage() {
  return (
    <div data-testid="analytics" className="flex flex-col gap-3">
      <PageHeader title="Analytics" description="Risk and return of your paper trading, computed from your own closed positions. All times are UTC." />
      <AnalyticsWorkspace />
    </div>
  );
}
