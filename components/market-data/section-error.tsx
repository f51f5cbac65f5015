import { RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import type { ApiRequestError } from "./api-request";

export function SectionError({ title, error, onRetry }: { title: string; error: ApiRequestError; onRetry: () => void }) {
  return (
    <ErrorState
      title={title}
      description={error.message}
      action={
        <Button variant="secondary" size="sm" onClick={onRetry}>
          <RotateCw className="size-3.5" aria-hidden="true" />
          Retry
        </Button>
      }
    />
  );
}

export function TableSkeletonRows({ label }: { label: string }) {
  return (
    <div role="status" aria-busy="true" className="space-y-2 py-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: 3 }, (_, i) => (
        <div key={i} aria-hidden="true" className="h-7 animate-pulse rounded bg-muted" />
      ))}
    </div>
  );
}
