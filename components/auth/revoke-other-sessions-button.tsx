"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useActionState, useCallback } from "react";
import { revokeOtherSessionsAction } from "@/app/(app)/settings/security/actions";
import { Button } from "@/components/ui/button";
import { useActionToast } from "./use-action-toast";

export function RevokeOtherSessionsButton() {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(revokeOtherSessionsAction, null);
  const refresh = useCallback(() => router.refresh(), [router]);
  useActionToast(state, {
    successTitle: "Other sessions signed out",
    failureTitle: "Could not sign out other sessions",
    onSuccess: refresh,
  });

  return (
    <form action={formAction}>
      <Button type="submit" variant="danger" size="sm" loading={pending} data-testid="revoke-other-sessions">
        {pending ? null : <LogOut className="size-3.5" aria-hidden="true" />}
        Sign out all other sessions
      </Button>
    </form>
  );
}
