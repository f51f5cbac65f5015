import { ChartCandlestick } from "lucide-react";
import type { Metadata } from "next";
import { FeatureUnavailable } from "@/components/shell/feature-unavailable";

export const metadata: Metadata = { title: "Trading" };

export default function TradingPage() {
  return (
    <FeatureUnavailable
      title="Trading"
      description="Place and manage orders on your connected exchanges or in paper mode."
      icon={ChartCandlestick}
      upcoming="Order entry, open orders and recent fills will appear here once trading is enabled."
    />
  );
}
