import { ChevronLeft, MonitorSmartphone } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { RevokeOtherSessionsButton } from "@/components/auth/revoke-other-sessions-button";
import { SessionsTable } from "@/components/auth/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/current-user";
import { listSessions } from "@/lib/auth/sessions";
import type { SessionView } from "@/lib/auth/types";

export const metadata: Metadata = { title: "Security" };

/** The current device first, then the most recently active. */
function orderSessions(sessions: readonly SessionView[], currentSessionId: string): SessionView[] {
  return [...sessions].sort((a, b) => {
    if (a.id === currentSessionId) return -1;
    if (b.id === currentSessionId) return 1;
    return b.lastSeenAt - a.lastSeenAt;
  });
}

export default async function SecurityPage() {
  const { user, sessionId } = await requireUser();
  const sessions = orderSessions(await listSessions(user.id), sessionId);
  const otherCount = sessions.filter((s) => s.id !== sessionId).length;

  return (
    <div data-testid="security" className="flex flex-col gap-4">
      <div>
        <Link
          href="/settings"
          className="mb-2 inline-flex items-center gap-1 rounded text-xs text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft className="size-3.5" aria-hidden="true" />
          Settings
        </Link>
        <PageHeader title="Security" description="Review where you are signed in and change your password." />
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Active sessions</CardTitle>
          {otherCount > 0 ? <RevokeOtherSessionsButton /> : null}
        </CardHeader>
        {sessions.length === 0 ? (
          <CardContent>
            <EmptyState icon={MonitorSmartphone} title="No active sessions" description="Sessions appear here when you sign in." />
          </CardContent>
        ) : (
          <>
            <SessionsTable sessions={sessions} currentSessionId={sessionId} />
            {otherCount === 0 ? (
              <p className="border-t border-border px-4 py-2.5 text-xs text-muted-foreground">
                You are not signed in anywhere else.
              </p>
            ) : null}
          </>
        )}
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm email={user.email} />
        </CardContent>
      </Card>
    </div>
  );
}
