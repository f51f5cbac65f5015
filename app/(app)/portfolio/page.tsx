import { Wallet } from "lucide-react";
import type { Metadata } from "next";
import { FeatureUnavailable } from "@/components/shell/feature-unavailable";

export const metadata: Metadata = { title: "Portfolio" };

export default function PortfolioPage() {
  return (
    <FeatureUnavailable
      title="Portfolio"
      description="Balances, positions and equity across your accounts."
      icon={Wallet}
      upcoming="Your balances, open positions and equity history will appear here once portfolio tracking is available."
    />
  );
}
