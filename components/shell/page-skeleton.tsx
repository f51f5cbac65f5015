import { Skeleton } from "@/components/ui/skeleton";

type PageSkeletonProps = {
  /** "cards" for widget grids, "table" for list pages. */
  layout?: "cards" | "table";
};

export function PageSkeleton({ layout = "cards" }: PageSkeletonProps) {
  return (
    <div role="status" aria-busy="true" data-testid="page-skeleton">
      <span className="sr-only">Loading…</span>
      <div className="mb-4 space-y-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      {layout === "cards" ? (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="rounded-lg border border-border bg-card">
              <div className="border-b border-border px-4 py-3">
                <Skeleton className="h-3 w-28" />
              </div>
              <div className="space-y-2 p-4">
                <Skeleton className="h-4 w-3/4" />
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-16 w-full" />
              </div>
            </div>
          ))}
        </div>
      ) : (
        <div className="rounded-lg border border-border bg-card">
          <div className="border-b border-border px-4 py-3">
            <Skeleton className="h-3 w-32" />
          </div>
          <div className="divide-y divide-border">
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="flex items-center gap-4 px-4 py-2.5">
                <Skeleton className="h-4 w-1/4" />
                <Skeleton className="h-4 w-1/5" />
                <Skeleton className="h-4 w-1/6" />
                <Skeleton className="ml-auto h-4 w-16" />
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
