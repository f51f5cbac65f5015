import { Badge } from "@/components/ui/badge";
import { logger } from "@/lib/log";
import { marketRuntime } from "@/lib/market/service/runtime";

/**
 * Where every price on the page comes from: "Live · Binance" or "Simulated market", and "stale"
 * while the exchange is not answering (the last good data is shown, never simulated values).
 */
export async function DataSourceBadge() {
  let label: string;
  let kind: "exchange" | "simulated" | null = null;
  let stale = false;
  let title: string;
  try {
    const rt = await marketRuntime();
    kind = rt.source.kind;
    label = rt.source.label;
    stale = rt.health.isStale();
    title =
      kind === "exchange"
        ? `Market data from ${rt.source.id}${stale ? `; the exchange is not answering (${rt.health.lastError() ?? "no answer yet"}), the last good data is shown` : ""}.`
        : `Prices come from a deterministic simulated market (${rt.source.id}), not from an exchange.`;
  } catch (error) {
    logger().warn({ err: error instanceof Error ? error.message : String(error) }, "market source unavailable for the badge");
    label = "Market data unavailable";
    title = "The market-data source could not be started; see the server log.";
  }
  const variant = kind === null || stale ? "warning" : kind === "exchange" ? "success" : "primary";
  return (
    <Badge variant={variant} data-testid="data-source-badge" data-source-kind={kind ?? "none"} data-stale={stale} title={title} className="max-w-[10rem] truncate sm:max-w-none">
      <span className={`size-1.5 shrink-0 rounded-full ${stale || kind === null ? "bg-warning" : kind === "exchange" ? "bg-success" : "bg-primary"}`} aria-hidden="true" />
      {label}
      {stale ? <span className="font-semibold">· stale</span> : null}
    </Badge>
  );
}
