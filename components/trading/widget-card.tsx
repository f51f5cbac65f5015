"use client";

import type { ReactNode } from "react";
import type { ApiResource } from "@/components/api/use-api-resource";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";

type WidgetCardProps<T> = {
  title: string;
  resource: ApiResource<T>;
  /** What the skeleton announces while the first answer is outstanding. */
  loadingLabel: string;
  actions?: ReactNode;
  children: (data: T) => ReactNode;
  className?: string;
  "data-testid"?: string;
};

/**
 * A card around one API read: a skeleton until the first answer, the error with Retry when it
 * fails, the content after. A failed refresh keeps the last answer and says so in the header.
 */
export function WidgetCard<T>({ title, resource, loadingLabel, actions, children, className, "data-testid": testId }: WidgetCardProps<T>) {
  const { data, error, loading, refreshFailed, retry } = resource;
  return (
    <Card className={cn("min-w-0", className)} data-testid={testId} aria-busy={loading || undefined}>
      <CardHeader className="px-3 py-1.5">
        <CardTitle>{title}</CardTitle>
        <div className="flex items-center gap-2">
          {refreshFailed ? (
            <button type="button" onClick={retry} title={error?.message} className="text-[11px] text-warning hover:underline">
              Not updated · Retry
            </button>
          ) : null}
          {actions}
        </div>
      </CardHeader>
      <div className="min-w-0 flex-1">
        {data !== undefined ? (
          children(data)
        ) : loading ? (
          <div className="px-3">
            <TableSkeletonRows label={loadingLabel} />
          </div>
        ) : error ? (
          <RetryError title={`${title} unavailable`} description={error.message} onRetry={retry} data-testid="widget-error" />
        ) : null}
      </div>
    </Card>
  );
}
