/**
 * Portfolio views of a paper account, pure and database-free: the API layer reads the rows and
 * passes them in (trading-semantics.md §2.5, §3.8, §3.9).
 *
 * - time-zone: the start of the local day in an IANA zone, DST-aware, with Intl only.
 * - equity-at: balances at an instant from the ledger, valued at 1m closes; today's P&L from T0.
 * - episodes: position episodes per (symbol, owner), flat to flat, from buy fills and disposals.
 * - performance: hourly equity → day-end returns → Sharpe, Sortino, drawdowns, monthly returns, and
 *   trade statistics of the episodes, all through the backtest's metric functions.
 * - pnl-chart: chart points for 1d…all with their drawdown, at most 2,000.
 * - tax-csv: disposals as an RFC 4180 CSV with exact decimals; account-wide FIFO disposals from fills.
 *
 * @example
 * ```ts
 * import { episodeTrade, pnlChart, portfolioPerformance, positionEpisodes, taxCsv, todayPnl } from "@/lib/trading/portfolio";
 *
 * const today = todayPnl({ entries, quoteAsset: "USDT", startingBalance, accountCreatedAt, now, zone: user.timeZone, priceAt });
 * // priceAt(asset, t): the close of the 1m candle ending at t (the live price for t = now), or null
 *
 * const { closed, open } = positionEpisodes({ buys, disposals }); // open: positions still held
 * const perf = portfolioPerformance({ snapshots, startingBalance: 10_000, createdAt }, closed.map((e) => episodeTrade(e)));
 * const chart = pnlChart({ snapshots, fillPoints, startingBalance: 10_000, createdAt, now, range: "30d" });
 * const csv = taxCsv(disposals);
 * ```
 */
export * from "./time-zone";
export * from "./equity-at";
export * from "./episodes";
export * from "./performance";
export * from "./pnl-chart";
export * from "./tax-csv";
