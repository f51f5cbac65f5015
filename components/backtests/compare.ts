import { describeBacktestSource, formatMoney, formatPct, formatRange } from "./format";
import type { BacktestRun } from "./types";

export type SettingRow = { label: string; a: string; b: string; differs: boolean };

/** Stable JSON (sorted keys), so two equal objects always print the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** "fast_period=10, slow_period=30". */
export function describeParams(params: Record<string, unknown> | null | undefined): string {
  const entries = Object.entries(params ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  if (entries.length === 0) return "—";
  return entries.map(([k, v]) => `${k}=${v === null ? "none" : typeof v === "object" ? stableJson(v) : String(v)}`).join(", ");
}

/** Everything that decides a run's outcome, side by side, with the rows that differ marked. */
export function settingsDiff(a: BacktestRun, b: BacktestRun): SettingRow[] {
  const describe = (run: BacktestRun): Record<string, string> => {
    const r = run.request;
    const s = run.strategy_snapshot;
    return {
      Strategy: `${s.name} (v${s.version})`,
      Type: s.type,
      Parameters: describeParams(s.parameters),
      Risk: describeParams(s.risk),
      Range: formatRange(r.start, r.end),
      Timeframe: r.timeframe,
      Pairs: r.symbols.join(", "),
      Source: describeBacktestSource(run.source ?? r.source),
      "Starting balance": formatMoney(r.starting_balance),
      "Fee rate": formatPct(r.fee_rate * 100, 3),
      Slippage: `${r.slippage_bps} bps`,
      "1m detail": r.detail === "1m" ? "On" : "Off",
      "Account caps": r.apply_account_caps ? "Applied" : "Not applied",
      Engine: run.engine_version ?? "—",
    };
  };
  const left = describe(a);
  const right = describe(b);
  return Object.keys(left).map((label) => ({ label, a: left[label], b: right[label], differs: left[label] !== right[label] }));
}
