"use client";

import { Copy, KeyRound, Send } from "lucide-react";
import { useState } from "react";
import { generateWebhookSecretAction, saveNotificationsAction, testNotificationAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { FieldErrors } from "@/components/ui/field-errors";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast";
import { NOTIFICATION_EVENTS } from "@/lib/settings/defaults";
import { EVENT_FIELD_PREFIX } from "@/lib/settings/form-input";
import type { SettingsView } from "@/lib/settings/settings";
import { useButtonAction } from "./action-button";
import { Choice, SectionIntro } from "./fields";
import { MaskStatus, RemoveSecretButton, SecretField, maskPlaceholder } from "./secret-field";
import { SaveRow, useSettingsForm } from "./settings-form";

type NotificationsView = SettingsView["notifications"];
type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

const EVENT_LABELS: Record<NotificationEvent, { label: string; description: string }> = {
  fills: { label: "Fills", description: "An order was filled." },
  stops: { label: "Stops", description: "A stop-loss, take-profit or trailing stop closed a position." },
  bot_errors: { label: "Bot errors", description: "A bot failed or stopped itself." },
  daily_summary: { label: "Daily summary", description: "Once a day: P&L and open positions." },
};

export function NotificationsForm({ notifications }: { notifications: NotificationsView }) {
  const { formRef, formAction, pending, error, errorsFor } = useSettingsForm(saveNotificationsAction, {
    successTitle: "Notification settings saved",
    failureTitle: "Notification settings not saved",
  });
  const [chatId, setChatId] = useState(notifications.telegram_chat_id ?? "");
  const [events, setEvents] = useState<readonly string[]>(notifications.events);
  const toggle = (event: string, on: boolean) => setEvents((current) => (on ? [...current, event] : current.filter((e) => e !== event)));

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4" data-testid="notifications-form">
      <SectionIntro>Alerts go to Telegram, to a signed webhook, or both. Leave a secret field empty to keep the stored value.</SectionIntro>
      <div className="grid gap-4 sm:grid-cols-2">
        <SecretField
          field="notifications.telegram_bot_token"
          name="telegram_bot_token"
          label="Telegram bot token"
          mask={notifications.telegram_bot_token}
          hint="From @BotFather, like 123456789:AAE…"
          errors={errorsFor("telegram_bot_token")}
        />
        <TextField
          name="telegram_chat_id"
          id="notifications.telegram_chat_id"
          label="Telegram chat id"
          autoComplete="off"
          spellCheck={false}
          placeholder="-1001234567890 or @channel"
          value={chatId}
          onChange={(event) => setChatId(event.target.value)}
          hint="Empty removes it."
          errors={errorsFor("telegram_chat_id")}
        />
        <SecretField
          field="notifications.webhook_url"
          name="webhook_url"
          label="Webhook URL"
          mask={notifications.webhook_url}
          hint="An https:// address. It is stored encrypted, since such URLs often carry a token."
          errors={errorsFor("webhook_url")}
        />
      </div>
      <fieldset aria-describedby={errorsFor("events") ? "notifications.events-errors" : undefined}>
        <legend className="mb-2 text-xs font-medium text-foreground">Send these events</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {NOTIFICATION_EVENTS.map((event) => (
            <Choice
              key={event}
              type="checkbox"
              name={`${EVENT_FIELD_PREFIX}${event}`}
              label={EVENT_LABELS[event].label}
              description={EVENT_LABELS[event].description}
              checked={events.includes(event)}
              onChange={(e) => toggle(event, e.target.checked)}
            />
          ))}
        </div>
        <FieldErrors name="events" id="notifications.events-errors" messages={errorsFor("events")} />
      </fieldset>
      <SaveRow pending={pending} error={error?.message} label="Save notifications" />
    </form>
  );
}

/**
 * Outside the save form and not remounted with it: the new secret lives only in this component's
 * state, so re-reading the page after generating it must not wipe it before it is copied.
 */
export function WebhookSecretPanel({ mask }: { mask: NotificationsView["webhook_secret"] }) {
  const { toast } = useToast();
  const [dismissed, setDismissed] = useState<unknown>(null);
  const { state, run, pending } = useButtonAction(generateWebhookSecretAction, {
    announce: (result) =>
      result.ok
        ? { variant: "success", title: "Signing secret generated", description: "Copy it now: it will not be shown again." }
        : { variant: "error", title: "Signing secret not generated", description: result.error.message },
    refresh: true,
  });
  const secret = state?.ok && state !== dismissed ? state.data?.secret : undefined;

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      toast({ variant: "success", title: "Copied to the clipboard" });
    } catch {
      toast({ variant: "info", title: "Copy it by hand", description: "This browser did not allow clipboard access." });
    }
  };

  return (
    <div className="flex flex-col gap-2 border-t border-border pt-4" data-testid="webhook-secret-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="text-xs font-medium text-foreground">Webhook signing secret</p>
          <p className="text-[11px] leading-4 text-muted-foreground">
            Webhooks are signed (Standard Webhooks) so your receiver can check they came from here. {maskPlaceholder(mask)}.
          </p>
        </div>
        <span className="flex items-center gap-1">
          <MaskStatus field="notifications.webhook_secret" mask={mask} />
          {mask.set ? <RemoveSecretButton field="notifications.webhook_secret" label="Webhook signing secret" /> : null}
        </span>
      </div>
      <div>
        <Button variant="secondary" size="sm" loading={pending} onClick={() => run()} data-testid="generate-webhook-secret">
          {pending ? null : <KeyRound className="size-3.5" aria-hidden="true" />}
          Generate signing secret
        </Button>
        {mask.set ? <span className="ml-2 text-[11px] text-muted-foreground">A new one replaces the current secret: update your receiver.</span> : null}
      </div>
      <div aria-live="polite">
        {secret ? (
          <div className="flex flex-col gap-2 rounded-md border border-warning/40 bg-warning/10 p-3">
            <p className="text-xs text-warning">Copy this secret now. It will not be shown again; only its last characters stay visible.</p>
            <div className="flex items-center gap-2">
              <code
                data-testid="webhook-secret-once"
                className="min-w-0 flex-1 select-all break-all rounded border border-border-strong bg-background px-2 py-1.5 font-mono text-xs text-foreground"
              >
                {secret}
              </code>
              <Button variant="secondary" size="sm" onClick={copy} aria-label="Copy the signing secret">
                <Copy className="size-3.5" aria-hidden="true" />
                Copy
              </Button>
            </div>
            <div>
              <Button variant="ghost" size="sm" onClick={() => setDismissed(state)}>
                I have copied it
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** One result line for both channels: the last test's outcome. */
export function NotificationTest() {
  const [channel, setChannel] = useState<"telegram" | "webhook">("telegram");
  const { state, run, pending } = useButtonAction(testNotificationAction, {
    announce: (result) =>
      !result.ok
        ? { variant: "error", title: "Test not sent", description: result.error.message }
        : result.data?.ok
          ? { variant: "success", title: "Test notification sent" }
          : { variant: "error", title: "Test notification failed", description: result.data?.message },
  });
  const send = (next: "telegram" | "webhook") => {
    setChannel(next);
    run({ channel: next });
  };
  const message = state ? (state.ok ? state.data?.message : state.error.message) : "Sends a test message with the saved settings.";
  const failed = state ? !state.ok || !state.data?.ok : false;

  return (
    <div className="flex flex-col gap-2 border-t border-border pt-4">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" loading={pending && channel === "telegram"} disabled={pending} onClick={() => send("telegram")}>
          {pending && channel === "telegram" ? null : <Send className="size-3.5" aria-hidden="true" />}
          Send test to Telegram
        </Button>
        <Button variant="secondary" size="sm" loading={pending && channel === "webhook"} disabled={pending} onClick={() => send("webhook")}>
          {pending && channel === "webhook" ? null : <Send className="size-3.5" aria-hidden="true" />}
          Send test to webhook
        </Button>
      </div>
      <p aria-live="polite" data-testid="notification-test-result" className={failed ? "text-xs text-danger" : state ? "text-xs text-success" : "text-xs text-muted-foreground"}>
        {message}
      </p>
    </div>
  );
}
