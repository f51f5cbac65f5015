import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RecentBacktests } from "@/components/strategies/recent-backtests";
import { StrategyDetailHeader } from "@/components/strategies/strategy-detail-header";
import { StrategySummary } from "@/components/strategies/strategy-summary";
import { strategyFormConfig, strategyOrNotFound } from "../strategy-data";

type StrategyPageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: StrategyPageProps): Promise<Metadata> {
  const strategy = await strategyOrNotFound((await params).id);
  return { title: strategy.name };
}

export default async function StrategyPage({ params }: StrategyPageProps) {
  const { id } = await params;
  const strategy = await strategyOrNotFound(id);
  const config = strategyFormConfig();
  const type = config.types.find((t) => t.type === strategy.type);
  return (
    <div data-testid="strategy-detail" className="flex flex-col gap-4">
      {/* Keyed by version so that returning from an edit shows the stored strategy, not stale state. */}
      <StrategyDetailHeader key={`${strategy.id}:${strategy.version}:${strategy.enabled}`} strategy={strategy} typeLabel={type?.label ?? strategy.type} />
      <StrategySummary strategy={strategy} type={type} riskFields={config.riskFields} />
      <Card aria-labelledby="strategy-backtests">
        <CardHeader>
          <CardTitle id="strategy-backtests">Recent backtests</CardTitle>
        </CardHeader>
        <CardContent className="p-0">
          <RecentBacktests strategyId={strategy.id} />
        </CardContent>
      </Card>
    </div>
  );
}
