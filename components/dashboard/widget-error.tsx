import { RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { cn } from "@/components/ui/class-names";
import type { MarketRequestError } from "./fetch-market";

type WidgetErrorProps = {
  title: string;
  error: MarketRequestError;
  onRetry: () => void;
  /** A one-line version for small cards. */
  compact?: boolean;
  className?: string;
};

export function WidgetError({ title, error, onRetry, compact = false, className }: WidgetErrorProps) {
  if (compact) {
    return (
      <div className={cn("flex flex-col items-start gap-1.5", className)} data-testid="widget-error">
        <p className="text-body font-medium text-danger">{title}</p>
        <p className="line-clamp-2 text-[11px] leading-4 text-muted-foreground">{error.message}</p>
        <Button variant="secondary" size="sm" onClick={onRetry} className="h-6 px-2 text-[11px]">
          <RotateCw className="size-3" aria-hidden="true" />
          Retry
        </Button>
      </div>
    );
  }
  return (
    <div data-testid="widget-error" className={className}>
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
    </div>
  );
}
