import { CircleAlert, CircleCheck } from "lucide-react";

type FormMessageProps = {
  error?: string | null;
  success?: string | null;
};

export function FormMessage({ error, success }: FormMessageProps) {
  // Kept mounted (even when empty) so the polite live region is registered before text arrives.
  return (
    <div aria-live="polite">
      {error ? (
        <p
          data-testid="form-error"
          className="flex items-start gap-2 rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-xs text-danger"
        >
          <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
          <span>{error}</span>
        </p>
      ) : success ? (
        <p
          data-testid="form-success"
          className="flex items-start gap-2 rounded-md border border-success/30 bg-success/10 px-3 py-2 text-xs text-success"
        >
          <CircleCheck className="mt-px size-3.5 shrink-0" aria-hidden="true" />
          <span>{success}</span>
        </p>
      ) : null}
    </div>
  );
}
