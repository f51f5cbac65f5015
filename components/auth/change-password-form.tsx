"use client";

import { useRouter } from "next/navigation";
import { useActionState, useCallback, useRef } from "react";
import { changePasswordAction } from "@/app/(app)/settings/security/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_POLICY_HINT } from "./password-policy-hint";
import { useActionToast } from "./use-action-toast";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

export function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(changePasswordAction, null);
  // Changing the password may end other sessions, so the sessions table is reloaded too.
  const refresh = useCallback(() => router.refresh(), [router]);
  useActionToast(state, { successTitle: "Password changed", failureTitle: "Password not changed", onSuccess: refresh });
  useFocusFirstInvalid(formRef, state);

  const error = state && !state.ok ? state.error : null;

  return (
    <form ref={formRef} action={formAction} noValidate className="flex max-w-sm flex-col gap-3" data-testid="change-password-form">
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <TextField
        name="current_password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={error?.fields?.current_password}
      />
      <TextField
        name="new_password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_POLICY_HINT}
        errors={error?.fields?.new_password}
      />
      <TextField
        name="confirm_password"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        errors={error?.fields?.confirm_password}
      />
      <FormMessage error={error?.message} success={state?.ok ? "Your password has been changed." : null} />
      <div>
        <Button type="submit" loading={pending}>
          {pending ? "Changing password…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
