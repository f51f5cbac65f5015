/** Placeholder rows while a table's first answer is outstanding. */
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
