"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useCallback, useEffect, useRef } from "react";
import { useToast, type ToastInput } from "@/components/ui/toast";
import type { ActionResult, ActionState } from "@/lib/http/action-result";

type ServerAction<T> = (prev: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

type ButtonActionOptions<T> = {
  /** The toast for a finished call; a test that ran but failed is still a finished call. */
  announce: (result: ActionResult<T>) => ToastInput;
  /** Re-reads the page after success so masks and values reflect what the server stored. */
  refresh?: boolean;
};

/**
 * Runs a server action from a plain button. Buttons like "Remove" sit inside a save form, where a
 * nested <form> is invalid HTML, so they dispatch FormData themselves inside a transition.
 */
export function useButtonAction<T>(action: ServerAction<T>, { announce, refresh = false }: ButtonActionOptions<T>) {
  const router = useRouter();
  const { toast } = useToast();
  const [state, dispatch, pending] = useActionState(action, null);
  // Each finished call is a new state object; remembering the last keeps re-renders from re-announcing it.
  const announced = useRef<ActionState<T>>(null);

  useEffect(() => {
    if (!state || announced.current === state) return;
    announced.current = state;
    toast(announce(state));
    if (state.ok && refresh) router.refresh();
  }, [state, announce, refresh, router, toast]);

  const run = useCallback(
    (fields: Record<string, string> = {}) => {
      const formData = new FormData();
      for (const [key, value] of Object.entries(fields)) formData.set(key, value);
      startTransition(() => dispatch(formData));
    },
    [dispatch],
  );

  return { state, run, pending };
}
