/** The strategy requests the pages make, through the shared API client. */
import { apiRequest } from "@/components/api/api-request";
import type { StrategyBody } from "./form-state";
import type { StrategyView } from "./types";

const path = (id: string, rest = "") => `/strategies/${encodeURIComponent(id)}${rest}`;

export function createStrategy(body: StrategyBody): Promise<StrategyView> {
  return apiRequest<StrategyView>("POST", "/strategies", { body });
}

export function updateStrategy(id: string, body: StrategyBody): Promise<StrategyView> {
  // apiRequest's method list does not name PUT yet; fetch sends the method as given.
  return apiRequest<StrategyView>("PUT", path(id), { body });
}

export function toggleStrategy(id: string, enabled: boolean): Promise<StrategyView> {
  return apiRequest<StrategyView>("POST", path(id, "/toggle"), { body: { enabled } });
}

export function duplicateStrategy(id: string): Promise<StrategyView> {
  return apiRequest<StrategyView>("POST", path(id, "/duplicate"));
}

export function deleteStrategy(id: string): Promise<void> {
  return apiRequest<void>("DELETE", path(id));
}

export function importStrategy(exported: unknown): Promise<StrategyView> {
  return apiRequest<StrategyView>("POST", "/strategies/import", { body: exported });
}

/** "BTC trend (copy)" → "btc-trend-copy.strategy.json". */
export function exportFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "strategy"}.strategy.json`;
}

/** Fetches the export and hands it to the browser as a file download. */
export async function downloadExport(id: string, name: string): Promise<void> {
  const exported = await apiRequest<unknown>("GET", path(id, "/export"));
  const blob = new Blob([`${JSON.stringify(exported, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = exportFileName(name);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The first few field problems of a refused import, as one line for a toast. */
export function describeFieldProblems(fields: Record<string, string[]>, limit = 3): string {
  const lines = Object.entries(fields).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
  const shown = lines.slice(0, limit).join(" ");
  return lines.length > limit ? `${shown} (and ${lines.length - limit} more)` : shown;
}
