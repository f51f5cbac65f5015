import { Bot } from "lucide-react";
import type { Metadata } from "next";
import { FeatureUnavailable } from "@/components/shell/feature-unavailable";

export const metadata: Metadata = { title: "Strategies" };

export default function StrategiesPage() {
  return (
    <FeatureUnavailable
      title="Strategies"
      description="Define the rules your bots trade by."
      icon={Bot}
      upcoming="You will be able to create, edit and enable strategies here."
    />
  );
}
