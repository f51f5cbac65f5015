import { Badge } from "@/components/ui/badge";

// Placeholder until the market-data feature can report its real source (exchange, simulated, import).
export function DataSourceBadge() {
  return (
    <Badge
      variant="neutral"
      data-testid="data-source-badge"
      title="Market data arrives with the market-data feature; until then no prices are shown."
    >
      <span className="size-1.5 rounded-full bg-muted-foreground" aria-hidden="true" />
      Market data: not connected
    </Badge>
  );
}
