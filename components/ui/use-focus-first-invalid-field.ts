"use client";

import { useCallback, useEffect, useState, type RefObject } from "react";

/**
 * Returns a function that, once React has committed the render it is called in, moves focus to
 * the form's first field marked aria-invalid (or to `fallbackRef`, e.g. an error summary). Running
 * in an effect rather than a requestAnimationFrame matters: a frame can come before React commits
 * the errors of an awaited submission, and focus would then land nowhere.
 */
export function useFocusFirstInvalidField(
  formRef: RefObject<HTMLElement | null>,
  fallbackRef?: RefObject<HTMLElement | null>,
): () => void {
  const [requests, setRequests] = useState(0);

  useEffect(() => {
    if (requests === 0) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (field ?? fallbackRef?.current)?.focus();
  }, [requests, formRef, fallbackRef]);

  return useCallback(() => setRequests((n) => n + 1), []);
}
