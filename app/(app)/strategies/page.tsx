import type { Metadata } from "next";
import { BotsPanel } from "@/components/strategies/bots-panel";
import { StrategiesWorkspace } from "@/components/strategies/strategies-workspace";
import { describeStrategyTypes } from "@/lib/strategies/registry";

export const metadata: Metadata = { title: "Strategies" };

export default function StrategiesPage() {
  const types = describeStrategyTypes().map(({ type, label }) => ({ type, label }));
  return (
    <div data-testid="strategies" className="flex flex-col">
      <BotsPanel />
      <StrategiesWorkspace types={types} />
    </div>
  );
}
