/**
 * The deployment's one market-data source (issue: market data; trading-semantics.md §1.4).
 * MARKET_DATA_SOURCE=auto is resolved once, at the first start: the exchange when it answers,
 * otherwise the simulated market. The choice is recorded in `market_source` and never changes by
 * itself; only an operator naming another source (or another seed or exchange) changes it.
 * Free of `server-only`, so scripts and tests can resolve it against a database file.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { marketSource } from "@/lib/db/schema";
import { exchangeSourceId, type MarketSourceKind } from "../provider";
import { parseSimulatedSourceId, simulatedSourceId } from "../simulated";

export type MarketSourceMode = "auto" | MarketSourceKind;

export type MarketSourceConfig = {
  mode: MarketSourceMode;
  exchangeId: string;
  seed: string;
};

export type ResolvedMarketSource = {
  kind: MarketSourceKind;
  /** `exchange:<id>` or `simulated:v<N>:<seed>`. */
  id: string;
  /** What the shell's badge says: "Live · Binance" or "Simulated market". */
  label: string;
  exchangeId: string | null;
  seed: string | null;
  resolvedBy: "auto" | "config";
  resolvedAt: number;
  /** True when this call made the choice (first start, or the operator changed the configuration). */
  changed: boolean;
};

const ROW_ID = 1;

function exchangeLabel(exchangeId: string): string {
  const names: Record<string, string> = { binance: "Binance", binanceus: "Binance US", kraken: "Kraken", coinbase: "Coinbase", okx: "OKX", bybit: "Bybit", kucoin: "KuCoin" };
  return names[exchangeId] ?? exchangeId.charAt(0).toUpperCase() + exchangeId.slice(1);
}

function describe(kind: MarketSourceKind, config: MarketSourceConfig, resolvedBy: "auto" | "config", resolvedAt: number, changed: boolean): ResolvedMarketSource {
  return kind === "exchange"
    ? { kind, id: exchangeSourceId(config.exchangeId), label: `Live · ${exchangeLabel(config.exchangeId)}`, exchangeId: config.exchangeId, seed: null, resolvedBy, resolvedAt, changed }
    : { kind, id: simulatedSourceId(config.seed), label: "Simulated market", exchangeId: null, seed: config.seed, resolvedBy, resolvedAt, changed };
}

/** The source id a kind would have under the current configuration. */
function idFor(kind: MarketSourceKind, config: MarketSourceConfig): string {
  return kind === "exchange" ? exchangeSourceId(config.exchangeId) : simulatedSourceId(config.seed);
}

/**
 * Reads the recorded choice, or makes and records it. `probeExchange` is called only when auto has
 * nothing recorded yet; it should answer within a few seconds (true: the exchange answered).
 * Two processes starting at once both may probe, but the first insert wins and both return it.
 */
export async function resolveMarketSource(
  db: Db,
  config: MarketSourceConfig,
  probeExchange: () => Promise<boolean>,
  now = Date.now(),
): Promise<ResolvedMarketSource> {
  const row = db.select().from(marketSource).where(eq(marketSource.id, ROW_ID)).get();

  if (row) {
    // auto keeps whatever was recorded; a named mode overrides a different record.
    const kind: MarketSourceKind = config.mode === "auto" ? row.kind : config.mode;
    const id = idFor(kind, config);
    if (kind === row.kind && id === row.sourceId) return describe(kind, config, row.resolvedBy, row.resolvedAt, false);
    // Same kind, other seed or exchange: auto never re-probes, it just follows the configuration.
    const resolvedBy = config.mode === "auto" ? row.resolvedBy : "config";
    db.update(marketSource).set({ kind, sourceId: id, resolvedBy, resolvedAt: now }).where(eq(marketSource.id, ROW_ID)).run();
    return describe(kind, config, resolvedBy, now, true);
  }

  let kind: MarketSourceKind;
  let resolvedBy: "auto" | "config";
  if (config.mode === "auto") {
    kind = (await probeExchange().catch(() => false)) ? "exchange" : "simulated";
    resolvedBy = "auto";
  } else {
    kind = config.mode;
    resolvedBy = "config";
  }
  db.insert(marketSource)
    .values({ id: ROW_ID, kind, sourceId: idFor(kind, config), resolvedBy, resolvedAt: now })
    .onConflictDoNothing()
    .run();
  const stored = db.select().from(marketSource).where(eq(marketSource.id, ROW_ID)).get();
  if (!stored) throw new Error("market_source row vanished after insert");
  if (stored.resolvedAt !== now || stored.kind !== kind) {
    // Another process recorded its choice first: follow it.
    return describe(stored.kind, config, stored.resolvedBy, stored.resolvedAt, false);
  }
  return describe(kind, config, resolvedBy, now, true);
}

/** The seed inside a recorded simulated source id (null for exchange ids). */
export function seedOf(sourceId: string): string | null {
  return parseSimulatedSourceId(sourceId)?.seed ?? null;
}
