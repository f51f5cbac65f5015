import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { scrubSecrets } from "@/lib/exchange/scrub";
import { formatDecimal } from "@/lib/trading/core";
import { MANUAL_OWNER, type FillRow, type OrderRow } from "@/lib/trading/store";
import { enqueueNotification } from "./outbox";

/**
 * The trading events users can be told about, turned into outbox rows. Both functions are
 * synchronous and take the caller's connection, so they run inside the transaction that recorded
 * the fill or the bot error.
 */

const STOP_TYPES = new Set(["stop_market", "stop_limit", "trailing_stop"]);

/** What a fill means to the user: a protective exit (stop-loss, take-profit) or a plain fill. */
export type FillKind = "stop_loss" | "take_profit" | "stop" | "fill";

export function fillKind(order: Pick<OrderRow, "type" | "side" | "oco_group">): FillKind {
  const conditional = order.type === "take_profit" || STOP_TYPES.has(order.type);
  // Spot positions are long: only a sell exits one. A buy stop is an entry, told like any other fill.
  if (order.side === "buy") return conditional ? "stop" : "fill";
  if (order.type === "take_profit") return "take_profit";
  if (STOP_TYPES.has(order.type)) return "stop_loss";
  // An OCO pairs a stop with a limit: the limit leg is the position's profit target.
  if (order.oco_group !== null && order.type === "limit") return "take_profit";
  return "fill";
}

const TITLE: Record<FillKind, string> = {
  stop_loss: "Stop-loss hit",
  take_profit: "Take-profit hit",
  stop: "Stop order filled",
  fill: "Order filled",
};

const decimal = (units: bigint) => formatDecimal(units);

/** One notification per fill (dedupe key = fill id); stop-loss and take-profit exits go out as "stops". */
export function notifyOrderFills(db: Db | Tx, userId: string, order: OrderRow, fills: readonly FillRow[], now = Date.now()): void {
  const kind = fillKind(order);
  for (const fill of fills) {
    const side = order.side === "buy" ? "Bought" : "Sold";
    const bot = order.owner !== null && order.owner !== MANUAL_OWNER ? ` (bot ${order.owner})` : "";
    const text =
      `${TITLE[kind]}: ${side} ${decimal(fill.amount)} ${order.base} at ${decimal(fill.price)} ${order.quote}` +
      ` on ${order.symbol}${bot}. Fee ${decimal(fill.fee)} ${fill.fee_asset}.`;
    enqueueNotification(
      db,
      {
        userId,
        event: kind === "stop_loss" || kind === "take_profit" ? "stops" : "fills",
        dedupeKey: fill.id,
        text,
        data: {
          kind,
          fill_id: fill.id,
          order_id: order.id,
          symbol: order.symbol,
          side: order.side,
          order_type: order.type,
          price: Number(decimal(fill.price)),
          amount: Number(decimal(fill.amount)),
          fee: Number(decimal(fill.fee)),
          fee_currency: fill.fee_asset,
          owner: order.owner === MANUAL_OWNER ? null : order.owner,
          filled_at: Number(fill.created_at),
        },
      },
      now,
    );
  }
}

export type BotErrorNotice = {
  strategyId: string;
  strategyName: string;
  /** The error as the bot runner reports it; scrubbed of token-shaped text before it is stored. */
  message: string;
  /** Same key, one notification: e.g. `bot:${strategyId}:${candleTs}` so a failing tick retried does not repeat it. */
  dedupeKey: string;
};

/** A bot's error, for the users who chose "bot_errors". Returns the outbox ids created. */
export function notifyBotError(db: Db | Tx, userId: string, notice: BotErrorNotice, now = Date.now()): string[] {
  const message = scrubSecrets(notice.message).slice(0, 1000);
  return enqueueNotification(
    db,
    {
      userId,
      event: "bot_errors",
      dedupeKey: `bot_error:${notice.dedupeKey}`,
      text: `Bot error in ${notice.strategyName}: ${message}`,
      data: { strategy_id: notice.strategyId, strategy_name: notice.strategyName, message, occurred_at: now },
    },
    now,
  );
}
