import "server-only";
import { decodeListCursor, encodeListCursor } from "@/lib/http/list-cursor";
import { accountEquity, toNumber } from "@/lib/trading/core";
import { episodeTrade, pnlChart, portfolioPerformance, positionEpisodes, taxCsv, type ChartRange, type Episode } from "@/lib/trading/portfolio";
import { getBalances, listPositions, MANUAL_OWNER } from "@/lib/trading/store";
import { readBuyFills, readDisposals, readEquitySnapshots } from "@/lib/trading/store/portfolio-reads";
import { context, heldPrices, marketsOf, pricesOf } from "./service";
import { accountTodayPnl } from "./today";

const ZERO = BigInt(0);
const wireOwner = (owner: string) => (owner === MANUAL_OWNER ? null : owner);

/** GET /api/v1/portfolio/summary: the account valued at the bound source's last prices. */
export async function portfolioSummary(userId: string) {
  const { db, rt, account, zone } = await context(userId);
  const q = account.quoteAsset;
  const balances = getBalances(db, account.id);
  const held = Object.entries(balances).filter(([asset, b]) => asset !== q && b.free + b.locked > ZERO);
  const symbols = held.map(([asset]) => `${asset}/${q}`);
  const [{ prices, stale, asOf }, markets] = await Promise.all([pricesOf(rt, symbols), marketsOf(rt, symbols)]);
  const now = Date.now();

  const quoteBalance = balances[q] ?? { free: ZERO, locked: ZERO };
  const quoteTotal = quoteBalance.free + quoteBalance.locked;
  const values: { asset: string; value: bigint }[] = [];
  let invested = ZERO;
  for (const [asset, b] of held) {
    const price = prices[`${asset}/${q}`];
    // A holding without a price is left out of the totals; `stale` tells the caller so.
    if (price === undefined) continue;
    const value = accountEquity({ [asset]: b }, q, { [asset]: { price, scales: markets[`${asset}/${q}`]?.scales } });
    values.push({ asset, value });
    invested += value;
  }
  const total = quoteTotal + invested;
  const positions = listPositions(db, account.id, prices, markets);
  const unrealized = positions.reduce((s, p) => s + (p.unrealized ?? ZERO), ZERO);
  const realized = readDisposals(db.$client, account.id).reduce((s, d) => s + d.realized, ZERO);
  const totalPnl = total - account.startingBalance;
  const today = await accountTodayPnl(db, rt, account, zone, prices, now);

  const allocation = [{ asset: q, value: quoteTotal }, ...values]
    .filter((a) => a.value > ZERO)
    .map((a) => ({ asset: a.asset, value: toNumber(a.value), pct: total > ZERO ? (Number(a.value) / Number(total)) * 100 : 0 }))
    .sort((a, b) => b.value - a.value);
  return {
    total_value: toNumber(total),
    available_balance: toNumber(quoteBalance.free),
    invested_value: toNumber(invested),
    unrealized_pnl: toNumber(unrealized),
    realized_pnl: toNumber(realized),
    total_pnl: toNumber(totalPnl),
    total_pnl_pct: account.startingBalance > ZERO ? (Number(totalPnl) / Number(account.startingBalance)) * 100 : 0,
    today_pnl: today.ok ? today.today_pnl : null,
    today_pnl_pct: today.ok ? today.today_pnl_pct : null,
    allocation,
    quote_asset: q,
    as_of: symbols.length > 0 ? asOf : now,
    stale: stale || !today.ok,
  };
}

function closedEpisodes(db: Parameters<typeof readBuyFills>[0], accountId: string): Episode[] {
  return positionEpisodes({ buys: readBuyFills(db, accountId), disposals: readDisposals(db, accountId) }).closed;
}

const episodeKey = (e: Episode) => `${e.opened_at}:${e.symbol}:${e.owner}`;

/** GET /api/v1/portfolio/history: closed episodes, most recently closed first, keyset-paged. */
export async function portfolioHistory(userId: string, query: { limit?: number; cursor?: string }) {
  const { db, account } = await context(userId);
  const limit = query.limit ?? 50;
  const before = query.cursor ? decodeListCursor(query.cursor) : null;
  const sorted = closedEpisodes(db.$client, account.id)
    .map((e) => ({ e, closed: e.closed_at ?? e.opened_at, key: episodeKey(e) }))
    .sort((a, b) => b.closed - a.closed || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
    .filter((x) => !before || x.closed < before[0] || (x.closed === before[0] && x.key < before[1]));
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ e, closed }) => ({
      symbol: e.symbol,
      owner: wireOwner(e.owner),
      opened_at: e.opened_at,
      closed_at: closed,
      amount: toNumber(e.exit_amount),
      entry_average: toNumber(e.entry_average),
      exit_average: toNumber(e.exit_average ?? ZERO),
      realized_pnl: toNumber(e.realized),
      realized_pnl_pct: e.realized_pnl_pct,
      fees: toNumber(e.entry_fee + e.exit_fee),
    })),
    next_cursor: sorted.length > limit && last ? encodeListCursor(last.closed, last.key) : null,
  };
}

const snapshotsOf = (db: Parameters<typeof readEquitySnapshots>[0], accountId: string, kind: "hour" | "fill") =>
  readEquitySnapshots(db, accountId, kind).map((s) => ({ ts: s.ts, equity: toNumber(s.equity) }));

/** GET /api/v1/portfolio/performance: metrics of the hourly snapshots and the closed episodes. */
export async function portfolioPerformanceFor(userId: string) {
  const { db, account } = await context(userId);
  const trades = closedEpisodes(db.$client, account.id).map((e) => episodeTrade(e));
  const perf = portfolioPerformance(
    { snapshots: snapshotsOf(db.$client, account.id, "hour"), startingBalance: toNumber(account.startingBalance), createdAt: account.createdAt, endAt: Date.now() },
    trades,
  );
  const m = perf.metrics;
  return {
    sharpe: m.sharpe,
    sortino: m.sortino,
    max_drawdown_pct: m.max_drawdown_pct,
    win_rate: m.win_rate,
    profit_factor: m.profit_factor,
    avg_win: m.avg_win,
    avg_loss: m.avg_loss,
    best_trade: m.best_trade,
    worst_trade: m.worst_trade,
    trades_count: m.trades_count,
    monthly_returns: perf.monthly_returns.map((r) => ({ month: r.month, return_pct: r.return_pct })),
    null_reasons: m.null_reasons,
  };
}

/** GET /api/v1/portfolio/pnl-chart: snapshots and fill points, ending at the live equity when it can be valued. */
export async function portfolioPnlChart(userId: string, query: { range?: ChartRange }) {
  const { db, rt, account } = await context(userId);
  const range = query.range ?? "30d";
  const now = Date.now();
  const fillPoints = snapshotsOf(db.$client, account.id, "fill");
  const { byAsset } = await heldPrices(rt, db, account);
  const balances = getBalances(db, account.id);
  const priced = Object.entries(balances).every(([asset, b]) => asset === account.quoteAsset || b.free + b.locked === ZERO || byAsset[asset] !== undefined);
  if (priced) {
    const marks = Object.fromEntries(Object.entries(byAsset).map(([asset, price]) => [asset, { price }]));
    fillPoints.push({ ts: now, equity: toNumber(accountEquity(balances, account.quoteAsset, marks)) });
  }
  const chart = pnlChart({ snapshots: snapshotsOf(db.$client, account.id, "hour"), fillPoints, startingBalance: toNumber(account.startingBalance), createdAt: account.createdAt, now, range });
  return {
    range,
    points: chart.points.map((p) => [p.ts, p.equity] as [number, number]),
    drawdown: chart.points.map((p) => [p.ts, p.drawdown_pct] as [number, number]),
  };
}

/** GET /api/v1/portfolio/export.csv: one row per disposal, as an attachment. */
export async function portfolioExportCsv(userId: string): Promise<Response> {
  const { db, account } = await context(userId);
  const csv = taxCsv(readDisposals(db.$client, account.id));
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="paper-disposals-epoch-${account.epoch}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
