import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { BacktestsList } from "@/components/backtests/backtests-list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Backtests" };

export default function BacktestsPage() {
  return (
    <div data-testid="backtests" className="flex flex-col gap-3">
      <PageHeader
        title="Backtests"
        description="Strategies replayed over historical candles. All times are UTC."
        actions={
          <Button asChild size="sm">
            <Link href="/backtests/new" data-testid="backtests-new">
              <Plus className="size-3.5" aria-hidden="true" />
              New backtest
            </Link>
          </Button>
        }
      />
      <BacktestsList />
    </div>
  );
}
