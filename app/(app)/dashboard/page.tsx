import { Bot, Layers, Wallet } from "lucide-react";
import type { Metadata } from "next";
import { DashboardMarket } from "@/components/dashboard/dashboard-market";
import { UnavailableWidget } from "@/components/dashboard/unavailable-widget";
import { PageHeader } from "@/components/shell/page-header";
import { SignalsWidget } from "@/components/signals/signals-widget";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { user } = await requireUser();

  return (
    <div data-testid="dashboard">
      <PageHeader
        title="Dashboard"
        description={
          <>
            Welcome back, <span className="font-medium text-foreground">{user.name ?? user.email}</span>. All times are UTC.
          </>
        }
      />
      <div className="flex flex-col gap-3">
        <DashboardMarket />
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
          <UnavailableWidget
            title="Portfolio"
            icon={Wallet}
            upcoming="Your total value, available balance and profit and loss will appear here."
          />
          <UnavailableWidget
            title="Open positions"
            icon={Layers}
            upcoming="Positions you hold, with entry price and unrealised profit and loss, will appear here."
          />
          <SignalsWidget />
          <UnavailableWidget
            title="Bots"
            icon={Bot}
            upcoming="Your running bots and their current state will appear here."
          />
        </div>
      </div>
    </div>
  );
}
