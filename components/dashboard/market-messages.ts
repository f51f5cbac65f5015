import type { StatusMessages } from "@/components/api/api-request";

/** How the dashboard's widgets word a failed read whose answer carries no message of its own. */
export const MARKET_MESSAGES: StatusMessages = {
  401: "Your session has ended. Sign in again to see market data.",
  429: "Too many requests. This will load again in a moment.",
  503: "The market data source has nothing to show yet.",
  "5xx": "The server could not load this.",
};
