import { authOps } from "@/lib/auth/operations";
import { backtestOps } from "@/lib/backtests/operations";
import { streamOps } from "@/lib/events/operations";
import { jobOps } from "@/lib/jobs/operations";
import { importOps } from "@/lib/market/csv-import/operations";
import { marketOps, sentimentOps } from "@/lib/market/service/operations";
import { notificationOps } from "@/lib/notify/operations";
import { settingsOps } from "@/lib/settings/operations";
import { signalOps } from "@/lib/signals/operations";
import { strategyOps } from "@/lib/strategies/operations";
import { botOps } from "@/lib/bots/operations";
import { systemOps } from "@/lib/system/operations";
import { tradingOps } from "@/lib/trading/operations";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import type { Operation } from "./operation";

/** Every operation of the API. A test checks this list against the route files that exist. */
export const ALL_OPERATIONS: Operation[] = [
  ...Object.values(systemOps),
  ...Object.values(authOps),
  ...Object.values(streamOps),
  ...Object.values(jobOps),
  ...Object.values(settingsOps),
  ...Object.values(importOps),
  ...Object.values(marketOps),
  ...Object.values(sentimentOps),
  ...Object.values(strategyOps),
  ...Object.values(botOps),
  ...Object.values(backtestOps),
  ...Object.values(tradingOps),
  ...Object.values(portfolioOps),
  ...Object.values(notificationOps),
  ...Object.values(signalOps),
] as Operation[];

const MATCHERS = ALL_OPERATIONS.map((op) => ({
  method: op.method,
  pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\\?\}|\{\w+\}/g, "[^/]+")}$`),
}));

/** The methods our route handlers answer on this path (empty: no such path). */
export function allowedMethods(path: string): string[] {
  // A literal segment (signals/stats) also matches a parameter (signals/{symbol}): list each method once.
  return [...new Set(MATCHERS.filter((m) => m.pattern.test(path)).map((m) => m.method))];
}

/** Whether a route handler of ours answers this method and path (else Next answers by itself: 404, 405). */
export function hasRouteHandler(method: string, path: string): boolean {
  // Next serves HEAD with the GET handler.
  const served = method === "HEAD" ? "GET" : method;
  return MATCHERS.some((m) => m.method === served && m.pattern.test(path));
}
