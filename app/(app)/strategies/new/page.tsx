import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { StrategyForm } from "@/components/strategies/strategy-form";
import { requireUser } from "@/lib/auth/current-user";
import { TIMEFRAMES } from "@/lib/market/timeframes";
import { getSettings } from "@/lib/settings/settings";
import { MAX_STRATEGY_SYMBOLS } from "@/lib/strategies/operations";
import { strategyFormConfig } from "../strategy-data";

export const metadata: Metadata = { title: "New strategy" };

export default async function NewStrategyPage() {
  const { user } = await requireUser();
  const { trading } = await getSettings(user.id);
  // What the API fills in for risk fields left out, shown up front so the trader sees what they get.
  const riskDefaults = {
    position_size_pct: trading.max_position_size_pct,
    max_open_trades: trading.max_open_positions,
    stop_loss_pct: trading.stop_loss_pct,
    take_profit_pct: trading.take_profit_pct,
    trailing_stop_pct: trading.trailing_stop_pct,
    allow_short: false,
  };
  return (
    <div data-testid="strategy-new" className="flex flex-col">
      <PageHeader title="New strategy" description="Pick a type, the pairs and timeframe it trades, its parameters and its risk." />
      <StrategyForm
        config={strategyFormConfig()}
        timeframes={TIMEFRAMES}
        riskDefaults={riskDefaults}
        initialSymbols={trading.default_pairs}
        stakeCurrency={trading.stake_currency}
        maxPairs={MAX_STRATEGY_SYMBOLS}
      />
    </div>
  );
}
