import { ChevronRight, ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DisplayForm } from "@/components/settings/display-form";
import { ExchangeForm } from "@/components/settings/exchange-form";
import { MarketDataForm } from "@/components/settings/market-data-form";
import { NotificationDeliveries } from "@/components/settings/notification-deliveries";
import { NotificationTest, NotificationsForm, WebhookSecretPanel } from "@/components/settings/notifications-form";
import { ResetSettings } from "@/components/settings/reset-settings";
import { TradingForm } from "@/components/settings/trading-form";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { listUserNotifications } from "@/lib/notify/service";
import { getSettings, supportedExchanges } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Settings" };

/** The server's IANA list, so the choices match what the server accepts when saving. */
function timeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

function Section({ title, id, children, className }: { title: string; id: string; children: ReactNode; className?: string }) {
  return (
    <Card aria-labelledby={id} className={className}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/**
 * Only getSettings' masked view reaches the client components: it holds no secret, not even a
 * decrypted one, so nothing secret can end up in the HTML or the serialized React payload.
 * Each form is keyed by its stored values, so a save that changes them (or a reset) remounts the
 * form with what the server normalised and stored.
 */
export default async function SettingsPage() {
  const { user } = await requireUser();
  const [settings, problems] = await Promise.all([getSettings(user.id), listUserNotifications(user.id, { status: ["failed", "unknown"], limit: 10 })]);
  const { exchange, market_data, notifications, trading, display } = settings;
  const { webhook_secret, ...notificationsForm } = notifications;

  return (
    <div data-testid="settings" className="flex flex-col gap-4">
      <PageHeader title="Settings" description="Exchange keys, notifications and trading defaults. Keys are stored encrypted and never shown again." />
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <Section title="Exchange" id="settings-exchange">
            <ExchangeForm key={JSON.stringify(exchange)} exchange={exchange} supported={supportedExchanges()} />
          </Section>
          <Section title="Notifications" id="settings-notifications">
            <div className="flex flex-col gap-4">
              <NotificationsForm key={JSON.stringify(notificationsForm)} notifications={notifications} />
              <WebhookSecretPanel mask={webhook_secret} />
              <NotificationTest />
              <NotificationDeliveries items={problems.items} />
            </div>
          </Section>
          <Section title="Market data" id="settings-market-data">
            <MarketDataForm key={JSON.stringify(market_data)} marketData={market_data} />
          </Section>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <Section title="Trading preferences" id="settings-trading">
            <TradingForm key={JSON.stringify(trading)} trading={trading} />
          </Section>
          <Section title="Display" id="settings-display">
            <DisplayForm key={JSON.stringify(display)} display={display} timeZones={timeZones()} />
          </Section>
          <Card aria-label="Security">
            <Link href="/settings/security" className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-surface-raised">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-md border border-border bg-muted">
                <ShieldCheck className="size-4 text-muted-foreground" aria-hidden="true" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-medium text-foreground">Security</span>
                <span className="block text-xs text-muted-foreground">Change your password and sign out sessions on other devices.</span>
              </span>
              <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
            </Link>
          </Card>
          <Section title="Reset" id="settings-reset" className="border-danger/30">
            <ResetSettings />
          </Section>
        </div>
      </div>
    </div>
  );
}
