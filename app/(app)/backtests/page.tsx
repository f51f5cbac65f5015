import { FlaskConical } from "lucide-react";
import type { Metadata } from "next";
import { FeatureUnavailable } from "@/components/shell/feature-unavailable";

export const metadata: Metadata = { title: "Backtests" };

export default function BacktestsPage() {
  return (
    <FeatureUnavailable
      title="Backtests"
      description="Replay strategies against historical candles."
      icon={FlaskConical}
      upcoming="Backtest runs, their progress and their results will appear here."
    />
  );
}
