import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./class-names";

type ErrorStateProps = {
  title?: string;
  description?: ReactNode;
  /** Usually a retry button; a node rather than a callback so server components can use this too. */
  action?: ReactNode;
  className?: string;
};

export function ErrorState({
  title = "Something went wrong",
  description = "This could not be loaded. Try again in a moment.",
  action,
  className,
}: ErrorStateProps) {
  return (
    <div className={cn("flex flex-col items-center justify-center gap-2 px-4 py-8 text-center", className)}>
      <span className="flex size-9 items-center justify-center rounded-full border border-danger/30 bg-danger/10">
        <TriangleAlert className="size-4 text-danger" aria-hidden="true" />
      </span>
      <p className="text-sm font-medium text-foreground">{title}</p>
      {description ? <div className="max-w-sm text-xs text-muted-foreground">{description}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
