import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { StrategyForm } from "@/components/strategies/strategy-form";
import { requireUser } from "@/lib/auth/current-user";
import { TIMEFRAMES } from "@/lib/market/timeframes";
import { getSettings } from "@/lib/settings/settings";
import { MAX_STRATEGY_SYMBOLS } from "@/lib/strategies/operations";
import { strategyFormConfig, strategyOrNotFound } from "../../strategy-data";

type EditStrategyPageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: EditStrategyPageProps): Promise<Metadata> {
  const strategy = await strategyOrNotFound((await params).id);
  return { title: `Edit ${strategy.name}` };
}

export default async function EditStrategyPage({ params }: EditStrategyPageProps) {
  const { id } = await params;
  const strategy = await strategyOrNotFound(id);
  const { user } = await requireUser();
  const { trading } = await getSettings(user.id);
  return (
    <div data-testid="strategy-edit" className="flex flex-col">
      <PageHeader title={`Edit ${strategy.name}`} description={`Version ${strategy.version}. Saving replaces every field and counts as a new version.`} />
      {/* Keyed by version: a save that comes back here starts from what the server stored. */}
      <StrategyForm
        key={`${strategy.id}:${strategy.version}`}
        config={strategyFormConfig()}
        timeframes={TIMEFRAMES}
        strategy={strategy}
        stakeCurrency={trading.stake_currency}
        maxPairs={MAX_STRATEGY_SYMBOLS}
      />
    </div>
  );
}
