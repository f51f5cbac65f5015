import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/class-names";

function CardSkeleton({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <div className={cn("rounded-lg border border-border bg-card", className)}>
      <div className="border-b border-border px-3 py-3">
        <Skeleton className="h-3 w-24" />
      </div>
      {children}
    </div>
  );
}

/** The dashboard's shape while the page itself loads: overview row, chart, prices and movers. */
export function DashboardSkeleton() {
  return (
    <div role="status" aria-busy="true" data-testid="page-skeleton">
      <span className="sr-only">Loading…</span>
      <div className="mb-4 space-y-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <div className="flex flex-col gap-3">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <CardSkeleton key={i}>
              <div className="space-y-2 px-3 py-3">
                <Skeleton className="h-7 w-28" />
                <Skeleton className="h-3 w-36 max-w-full" />
              </div>
            </CardSkeleton>
          ))}
        </div>
        <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_24rem]">
          <CardSkeleton>
            <div className="p-3">
              <Skeleton className="h-[22rem] w-full sm:h-[28rem]" />
            </div>
          </CardSkeleton>
          <div className="flex flex-col gap-3">
            <CardSkeleton>
              <div className="divide-y divide-border">
                {Array.from({ length: 8 }, (_, i) => (
                  <div key={i} className="flex h-9 items-center gap-3 px-3">
                    <Skeleton className="h-3.5 w-20" />
                    <Skeleton className="ml-auto h-3.5 w-20" />
                    <Skeleton className="h-3.5 w-12" />
                  </div>
                ))}
              </div>
            </CardSkeleton>
            <CardSkeleton>
              <div className="space-y-2 p-3">
                {Array.from({ length: 5 }, (_, i) => (
                  <Skeleton key={i} className="h-4 w-full" />
                ))}
              </div>
            </CardSkeleton>
          </div>
        </div>
      </div>
    </div>
  );
}
