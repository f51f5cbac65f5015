import { CheckCircle2 } from "lucide-react";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { NotificationView } from "@/lib/notify/schemas";

const EVENT_LABEL: Record<NotificationView["event"], string> = {
  fills: "Fill",
  stops: "Stop-loss / take-profit",
  bot_errors: "Bot error",
  daily_summary: "Daily summary",
};

const CHANNEL_LABEL: Record<NotificationView["channel"], string> = { telegram: "Telegram", webhook: "Webhook" };

/**
 * Deliveries that need the user's eye: failed ones (every attempt used) and unknown ones (Telegram may
 * or may not have shown them, and they are not resent). The errors were scrubbed of secrets when stored.
 */
export function NotificationDeliveries({ items }: { items: NotificationView[] }) {
  return (
    <section aria-labelledby="notification-deliveries" data-testid="notification-deliveries" className="flex flex-col gap-2">
      <h3 id="notification-deliveries" className="text-sm font-medium text-foreground">
        Recent delivery problems
      </h3>
      {items.length === 0 ? (
        <EmptyState
          icon={CheckCircle2}
          title="No failed deliveries"
          description="Notifications that could not be delivered, or whose delivery is uncertain, are listed here with the reason."
          className="rounded-md border border-border py-5"
        />
      ) : (
        <ul className="flex flex-col divide-y divide-border rounded-md border border-border">
          {items.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 px-3 py-2 text-xs">
              <div className="flex flex-wrap items-center gap-2">
                <Badge variant={item.status === "failed" ? "danger" : "warning"}>{item.status === "failed" ? "Failed" : "Unknown"}</Badge>
                <span className="font-medium text-foreground">
                  {EVENT_LABEL[item.event] ?? item.event} via {CHANNEL_LABEL[item.channel] ?? item.channel}
                </span>
                <span className="text-muted-foreground">
                  <UtcTime epochMs={item.created_at} /> · {item.attempts} {item.attempts === 1 ? "attempt" : "attempts"}
                </span>
              </div>
              <p className="break-words text-muted-foreground">{item.last_error ?? "No error was recorded."}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
