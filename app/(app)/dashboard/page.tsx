import type { Metadata } from "next";
import { BotsWidget, PortfolioWidget, PositionsWidget } from "@/components/dashboard/account-widgets";
import { DashboardMarket } from "@/components/dashboard/dashboard-market";
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
          <PortfolioWidget />
          <PositionsWidget />
          <SignalsWidget />
          <BotsWidget />
        </div>
      </div>
    </div>
  );
}
