import { RotateCw } from "lucide-react";
import { Button } from "./button";
import { cn } from "./class-names";
import { ErrorState } from "./error-state";

type RetryErrorProps = {
  title: string;
  /** What went wrong, usually the failed request's message. */
  description: string;
  onRetry: () => void;
  /** A left-aligned version with a smaller button, for small cards. */
  compact?: boolean;
  className?: string;
  "data-testid"?: string;
};

/** Something failed to load, with a Retry button. */
export function RetryError({ title, description, onRetry, compact = false, className, "data-testid": testId }: RetryErrorProps) {
  if (compact) {
    return (
      <div className={cn("flex flex-col items-start gap-1.5", className)} data-testid={testId}>
        <p className="text-body font-medium text-danger">{title}</p>
        <p className="line-clamp-2 text-[11px] leading-4 text-muted-foreground">{description}</p>
        <Button variant="secondary" size="sm" onClick={onRetry} className="h-6 px-2 text-[11px]">
          <RotateCw className="size-3" aria-hidden="true" />
          Retry
        </Button>
      </div>
    );
  }
  const state = (
    <ErrorState
      title={title}
      description={description}
      action={
        <Button variant="secondary" size="sm" onClick={onRetry}>
          <RotateCw className="size-3.5" aria-hidden="true" />
          Retry
        </Button>
      }
    />
  );
  // Without a test id or class there is nothing to put on a wrapper, so the state renders bare.
  if (testId === undefined && className === undefined) return state;
  return (
    <div data-testid={testId} className={className}>
      {state}
    </div>
  );
}
