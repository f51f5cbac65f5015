/**
 * Position episodes for trade statistics (§2.5): per (symbol, owner) book, from flat to flat. An
 * episode's P&L is the sum of the realized P&L of the disposals taken from its book, so partial
 * sells are not separate trades and a DCA bot's ten buys and one sell count once.
 *
 * Episodes are built from the same rows the store keeps: buy fills (which open lots in their
 * owner's book) and disposals (which name the book they consumed). A sell can consume another
 * owner's book when its own holds too little (a manual sell of a bot's coins); that disposal then
 * belongs to the other book's episode, so every book is flat exactly when its lots are used up.
 */
import { DEFAULT_SCALES, type Disposal, floorDiv, type MarketScales, pow10, toNumber } from "@/lib/trading/core";

export interface EpisodeBuy {
  fill_id: string;
  symbol: string;
  /** "manual" or a bot's id. */
  owner: string;
  ts: number;
  /** Base atomic units. */
  amount: bigint;
  /** Quote atomic units spent on the coins, before the fee. */
  notional: bigint;
  fee: bigint;
}

/** A disposal row: the core's Disposal with the book it came from. */
export type EpisodeDisposal = Pick<Disposal, "sell_fill_id" | "lot_fill_id" | "acquired_at" | "disposed_at" | "amount" | "cost" | "proceeds" | "fee" | "realized"> & {
  symbol: string;
  owner: string;
};

export interface Episode {
  symbol: string;
  owner: string;
  opened_at: number;
  /** The time of the disposal that made the book flat; null while the episode is open. */
  closed_at: number | null;
  buys: number;
  sells: number;
  entry_amount: bigint;
  entry_notional: bigint;
  entry_fee: bigint;
  exit_amount: bigint;
  exit_proceeds: bigint;
  exit_fee: bigint;
  /** Quote per whole base at the price scale, rounded down; null before any sell. */
  entry_average: bigint;
  exit_average: bigint | null;
  /** Σ realized of the episode's disposals (proceeds − sell fee − FIFO cost with buy fees). */
  realized: bigint;
  /** realized / (entry notional + entry fees) × 100: §2.2's trade pnl_pct (Freqtrade's profit_ratio, in percent). */
  realized_pnl_pct: number;
  /** Base units still held (0 for a closed episode) and their remaining cost. */
  held: bigint;
  held_cost: bigint;
}

export interface Episodes {
  closed: Episode[];
  open: Episode[];
}

export type ScalesOf = (symbol: string) => MarketScales;

const ZERO = BigInt(0);

type Event = { kind: "buy"; ts: number; rank: number; buy: EpisodeBuy } | { kind: "disposal"; ts: number; rank: number; disposal: EpisodeDisposal };

function averagePrice(quoteUnits: bigint, baseUnits: bigint, scales: MarketScales): bigint {
  return floorDiv(quoteUnits * pow10(scales.price + scales.base - scales.quote), baseUnits);
}

/**
 * Closed episodes in the order they closed (the order streaks are counted in) and open ones in
 * the order they opened. Events at the same millisecond are
 * ordered so that a disposal of an older lot comes before a buy, and a disposal of a lot bought at
 * that very millisecond comes after it: sell-then-rebuy closes an episode, buy-then-sell does not
 * split one.
 */
export function positionEpisodes(input: { buys: readonly EpisodeBuy[]; disposals: readonly EpisodeDisposal[]; scalesOf?: ScalesOf }): Episodes {
  const scalesOf = input.scalesOf ?? (() => DEFAULT_SCALES);
  const events: Event[] = [
    ...input.buys.map((buy): Event => ({ kind: "buy", ts: buy.ts, rank: 1, buy })),
    ...input.disposals.map((disposal): Event => ({ kind: "disposal", ts: disposal.disposed_at, rank: disposal.acquired_at < disposal.disposed_at ? 0 : 2, disposal })),
  ];
  events.sort((a, b) => a.ts - b.ts || a.rank - b.rank);

  const current = new Map<string, Episode>();
  const sellIds = new Map<string, Set<string>>();
  const closed: Episode[] = [];
  const opened: Episode[] = [];
  for (const ev of events) {
    const { symbol, owner } = ev.kind === "buy" ? ev.buy : ev.disposal;
    const key = `${symbol}\u0000${owner}`;
    let ep = current.get(key);
    if (ev.kind === "buy") {
      const b = ev.buy;
      if (!ep) {
        ep = {
          symbol, owner, opened_at: b.ts, closed_at: null, buys: 0, sells: 0,
          entry_amount: ZERO, entry_notional: ZERO, entry_fee: ZERO, exit_amount: ZERO, exit_proceeds: ZERO, exit_fee: ZERO,
          entry_average: ZERO, exit_average: null, realized: ZERO, realized_pnl_pct: 0, held: ZERO, held_cost: ZERO,
        };
        current.set(key, ep);
        sellIds.set(key, new Set());
        opened.push(ep);
      }
      ep.buys++;
      ep.entry_amount += b.amount;
      ep.entry_notional += b.notional;
      ep.entry_fee += b.fee;
      ep.held += b.amount;
      ep.held_cost += b.notional + b.fee;
      continue;
    }
    const d = ev.disposal;
    if (!ep || d.amount > ep.held) {
      throw new RangeError(`Disposal of ${symbol} (${owner}) at ${d.disposed_at} exceeds what the book held: buys and disposals are out of step`);
    }
    const sells = sellIds.get(key)!;
    sells.add(d.sell_fill_id);
    ep.sells = sells.size;
    ep.exit_amount += d.amount;
    ep.exit_proceeds += d.proceeds;
    ep.exit_fee += d.fee;
    ep.realized += d.realized;
    ep.held -= d.amount;
    ep.held_cost -= d.cost;
    if (ep.held === ZERO) {
      ep.closed_at = d.disposed_at;
      closed.push(ep);
      current.delete(key);
    }
  }
  for (const ep of opened) {
    const scales = scalesOf(ep.symbol);
    ep.entry_average = averagePrice(ep.entry_notional, ep.entry_amount, scales);
    ep.exit_average = ep.exit_amount > ZERO ? averagePrice(ep.exit_proceeds, ep.exit_amount, scales) : null;
    ep.realized_pnl_pct = realizedPnlPct(ep.realized, ep.entry_notional + ep.entry_fee);
  }
  return { closed, open: opened.filter((ep) => ep.closed_at === null) };
}

/**
 * realized / cost × 100 as a float. Both are quote atomic units, so the scale cancels. A buy debits
 * at least one atomic unit (debits round up), so a cost of 0 means the rows are broken.
 */
export function realizedPnlPct(realized: bigint, cost: bigint): number {
  if (cost <= ZERO) throw new RangeError("An episode's entry cost must be positive");
  return (Number(realized) / Number(cost)) * 100;
}

/** A closed episode in the shape the backtest's tradeStats reads (quote amounts as numbers). */
export interface EpisodeTrade {
  pnl: number;
  pnl_pct: number;
  holding_ms: number;
  entry_fee: number;
  exit_fee: number;
}

export function episodeTrade(ep: Episode, scalesOf: ScalesOf = () => DEFAULT_SCALES): EpisodeTrade {
  const q = scalesOf(ep.symbol).quote;
  return {
    pnl: toNumber(ep.realized, q),
    pnl_pct: ep.realized_pnl_pct,
    holding_ms: (ep.closed_at ?? ep.opened_at) - ep.opened_at,
    entry_fee: toNumber(ep.entry_fee, q),
    exit_fee: toNumber(ep.exit_fee, q),
  };
}
