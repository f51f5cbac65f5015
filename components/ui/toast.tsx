"use client";

import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./class-names";

export type ToastVariant = "success" | "error" | "info";
export type ToastInput = { title: string; description?: string; variant: ToastVariant };
type ToastEntry = ToastInput & { id: number };
type ToastContextValue = { toast: (input: ToastInput) => void };

const AUTO_DISMISS_MS = 4000;
// Older toasts are dropped rather than stacking down the screen during a burst of failures.
const MAX_VISIBLE = 4;

const ToastContext = createContext<ToastContextValue | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);

  const toast = useCallback((input: ToastInput) => {
    const id = ++nextId.current;
    setToasts((current) => [...current, { ...input, id }].slice(-MAX_VISIBLE));
  }, []);

  const value = useMemo(() => ({ toast }), [toast]);

  return (
    <ToastContext value={value}>
      {children}
      <section
        aria-label="Notifications"
        aria-live="polite"
        className="pointer-events-none fixed right-0 top-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-3"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} entry={t} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext>
  );
}

export function useToast(): ToastContextValue {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast must be used inside <ToastProvider>.");
  return context;
}

const VARIANT_STYLE: Record<ToastVariant, { icon: typeof Info; className: string }> = {
  success: { icon: CircleCheck, className: "text-success" },
  error: { icon: CircleAlert, className: "text-danger" },
  info: { icon: Info, className: "text-primary" },
};

function ToastItem({ entry, onDismiss }: { entry: ToastEntry; onDismiss: (id: number) => void }) {
  // Hovering or focusing a toast holds it, so a slow reader is not cut off mid-sentence.
  const [held, setHeld] = useState(false);

  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(entry.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [held, entry.id, onDismiss]);

  const { icon: Icon, className } = VARIANT_STYLE[entry.variant];

  return (
    <div
      data-testid={`toast-${entry.variant}`}
      className="pointer-events-auto flex animate-toast-in items-start gap-2.5 rounded-lg border border-border-strong bg-surface-raised p-3 shadow-lg shadow-black/40"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", className)} aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="text-body font-medium text-foreground">{entry.title}</p>
        {entry.description ? <p className="mt-0.5 text-xs text-muted-foreground">{entry.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(entry.id)}
        className="-m-1 rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground"
        aria-label="Dismiss notification"
      >
        <X className="size-3.5" aria-hidden="true" />
      </button>
    </div>
  );
}
