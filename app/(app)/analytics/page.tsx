import { ChartLine } from "lucide-react";
import type { Metadata } from "next";
import { FeatureUnavailable } from "@/components/shell/feature-unavailable";

export const metadata: Metadata = { title: "Analytics" };

export default function AnalyticsPage() {
  return (
    <FeatureUnavailable
      title="Analytics"
      description="Performance metrics for your trading."
      icon={ChartLine}
      upcoming="Returns, drawdowns, win rate and risk ratios computed from your own trades will appear here."
    />
  );
}
