import type { Metadata } from "next";
import { NewBacktestForm } from "@/components/backtests/new-backtest-form";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "New backtest" };

type NewBacktestPageProps = {
  searchParams: Promise<{ strategy_id?: string | string[] }>;
};

export default async function NewBacktestPage({ searchParams }: NewBacktestPageProps) {
  const { strategy_id: strategyId } = await searchParams;
  return (
    <div data-testid="new-backtest" className="mx-auto flex w-full max-w-3xl flex-col gap-3">
      <PageHeader
        title="New backtest"
        description="Replay a strategy over past candles. Empty fields take the values from your settings."
      />
      <NewBacktestForm initialStrategyId={typeof strategyId === "string" && strategyId !== "" ? strategyId : null} />
    </div>
  );
}
