import { Skeleton } from "@/components/ui/skeleton";

/** The strategy form's outline while the page loads. */
export function FormSkeleton() {
  return (
    <div role="status" aria-busy="true" data-testid="page-skeleton" className="flex flex-col gap-4">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      {[4, 3, 3].map((fields, i) => (
        <div key={i} className="rounded-lg border border-border bg-card">
          <div className="border-b border-border px-4 py-3">
            <Skeleton className="h-3 w-24" />
          </div>
          <div className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-3">
            {Array.from({ length: fields }, (_, j) => (
              <div key={j} className="space-y-1.5">
                <Skeleton className="h-3 w-20" />
                <Skeleton className="h-9 w-full" />
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
