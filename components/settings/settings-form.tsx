"use client";

import { useRouter } from "next/navigation";
import { useActionState, useCallback, useRef, type ReactNode } from "react";
import { useActionToast } from "@/components/auth/use-action-toast";
import { useFocusFirstInvalid } from "@/components/auth/use-focus-first-invalid";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/http/action-result";

type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** One settings group's form: toast on completion, focus on the first invalid field, refresh on success. */
export function useSettingsForm(action: FormAction, titles: { successTitle: string; failureTitle: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(action, null);
  // The page re-reads the stored settings so masks and normalised values (e.g. "BTC/USDT") show.
  const refresh = useCallback(() => router.refresh(), [router]);
  useActionToast(state, { ...titles, onSuccess: refresh });
  useFocusFirstInvalid(formRef, state);
  const error = state && !state.ok ? state.error : null;
  return { formRef, formAction, pending, error, errorsFor: (name: string) => error?.fields?.[name] ?? null };
}

/** The form-level message and the save button, at the foot of every group form. */
export function SaveRow({ pending, error, label, children }: { pending: boolean; error: string | null | undefined; label: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-3">
      <FormMessage error={error} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" loading={pending}>
          {pending ? "Saving…" : label}
        </Button>
        {children}
      </div>
    </div>
  );
}
