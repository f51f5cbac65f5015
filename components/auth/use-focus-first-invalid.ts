"use client";

import { useEffect, useRef, type RefObject } from "react";
import type { ActionState } from "@/lib/http/action-result";

/** After a failed submission, puts keyboard and screen-reader users on the first field to fix. */
export function useFocusFirstInvalid<T>(formRef: RefObject<HTMLFormElement | null>, state: ActionState<T>) {
  const handled = useRef<ActionState<T>>(null);

  useEffect(() => {
    if (!state || state.ok || handled.current === state) return;
    handled.current = state;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [formRef, state]);
}
