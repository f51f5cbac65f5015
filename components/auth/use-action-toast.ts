"use client";

import { useEffect, useRef } from "react";
import { useToast } from "@/components/ui/toast";
import type { ActionState } from "@/lib/http/action-result";

type ActionToastOptions = {
  successTitle: string;
  failureTitle: string;
  onSuccess?: () => void;
};

/** Announces each completed action once as a toast; the server action is passed to the form untouched. */
export function useActionToast<T>(state: ActionState<T>, { successTitle, failureTitle, onSuccess }: ActionToastOptions) {
  const { toast } = useToast();
  // Every completed action yields a fresh state object; remembering the last one keeps
  // re-renders and Strict Mode's double effects from repeating the toast.
  const announced = useRef<ActionState<T>>(null);

  useEffect(() => {
    if (!state || announced.current === state) return;
    announced.current = state;
    if (state.ok) {
      toast({ variant: "success", title: successTitle });
      onSuccess?.();
    } else {
      toast({ variant: "error", title: failureTitle, description: state.error.message });
    }
  }, [state, toast, successTitle, failureTitle, onSuccess]);
}
