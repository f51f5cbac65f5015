"use client";

import { useRouter } from "next/navigation";
import { useActionState, useCallback } from "react";
import { revokeSessionAction } from "@/app/(app)/settings/security/actions";
import { Button } from "@/components/ui/button";
import { useActionToast } from "./use-action-toast";

type SessionRevokeButtonProps = {
  sessionId: string;
  /** Names the session for screen readers, since every row has an identical visible label. */
  sessionLabel: string;
};

export function SessionRevokeButton({ sessionId, sessionLabel }: SessionRevokeButtonProps) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(revokeSessionAction, null);
  const refresh = useCallback(() => router.refresh(), [router]);
  useActionToast(state, {
    successTitle: "Session signed out",
    failureTitle: "Could not sign out that session",
    onSuccess: refresh,
  });

  return (
    <form action={formAction}>
      <input type="hidden" name="session_id" value={sessionId} />
      <Button type="submit" variant="secondary" size="sm" loading={pending} data-testid="revoke-session">
        Sign out<span className="sr-only"> {sessionLabel}</span>
      </Button>
    </form>
  );
}
