import { describe, expect, it } from "vitest";
import { dayEndEquity, hourlyEquity, monthlyReturns, portfolioPerformance } from "./performance";

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;
const trade = (pnl: number, pnl_pct: number) => ({ pnl, pnl_pct, holding_ms: 3_600_000, entry_fee: 0.1, exit_fee: 0.1 });

describe("portfolioPerformance", () => {
  // §7 item 7: daily equity 100, 110, 99, 105 with rf = 0.
  const created = at("2026-01-01T00:00:00Z");
  const snapshots = [
    { ts: created + 12 * 3_600_000, equity: 104 },
    { ts: created + DAY, equity: 110 },
    { ts: created + 2 * DAY, equity: 99 },
    { ts: created + 3 * DAY, equity: 105 },
  ];

  it("matches the hand-computed Sharpe, Sortino and drawdown", () => {
    const { metrics, day_end_equity } = portfolioPerformance({ snapshots, startingBalance: 100, createdAt: created }, []);
    expect(day_end_equity).toEqual([
      { at: created + DAY, equity: 110 },
      { at: created + 2 * DAY, equity: 99 },
      { at: created + 3 * DAY, equity: 105 },
    ]);
    expect(metrics.daily_returns_count).toBe(3);
    // mean 0.020202 / sd 0.105945 × √365; DD = √(0.01 / 3).
    expect(metrics.sharpe).toBeCloseTo(3.643, 3);
    expect(metrics.sortino).toBeCloseTo(6.685, 3);
    expect(metrics.max_drawdown_pct).toBeCloseTo(10, 12);
    expect(metrics.max_drawdown_day_end_pct).toBeCloseTo(10, 12);
    // The backtest's analysis dates a peak at the last point at that level: 23:00 before the fall.
    expect(metrics.deepest_drawdown).toMatchObject({ peak_at: created + 2 * DAY - 3_600_000, trough_at: created + 2 * DAY, recovered_at: null });
    expect(metrics.total_return_pct).toBeCloseTo(5, 12);
    expect(metrics.final_equity).toBe(105);
    expect(metrics.short_sample).toBe(true);
  });

  it("gives null with a reason where a metric is undefined, never 0", () => {
    const { metrics } = portfolioPerformance({ snapshots: [{ ts: created + 6 * 3_600_000, equity: 101 }], startingBalance: 100, createdAt: created }, []);
    expect(metrics.daily_returns_count).toBe(1);
    expect(metrics.sharpe).toBeNull();
    expect(metrics.sortino).toBeNull();
    expect(metrics.win_rate).toBeNull();
    expect(metrics.profit_factor).toBeNull();
    expect(metrics.best_trade).toBeNull();
    expect(metrics.null_reasons).toMatchObject({
      sharpe: "fewer_than_2_daily_returns",
      sortino: "fewer_than_2_daily_returns",
      win_rate: "no_trades",
      profit_factor: "no_trades",
      avg_win: "no_trades",
      best_trade: "no_trades",
    });
  });

  it("computes trade statistics from episodes with the backtest's rules", () => {
    const { metrics } = portfolioPerformance({ snapshots, startingBalance: 100, createdAt: created }, [trade(5, 5), trade(-2, -2), trade(0, 0), trade(3, 1.5)]);
    expect(metrics).toMatchObject({ trades_count: 4, wins: 2, losses: 1, draws: 1, win_rate: 0.5, profit_factor: 4, avg_win: 4, avg_loss: -2 });
    expect(metrics).toMatchObject({ best_trade_pct: 5, best_trade: 5, worst_trade_pct: -2, worst_trade: -2 });
    expect(metrics.fees_paid).toBeCloseTo(0.8, 12);
    expect(metrics.null_reasons).toEqual({});
  });

  it("leaves the profit factor of a run without losses null (∞ on screen)", () => {
    const { metrics } = portfolioPerformance({ snapshots, startingBalance: 100, createdAt: created }, [trade(5, 5), trade(3, 3)]);
    expect(metrics.profit_factor).toBeNull();
    expect(metrics.null_reasons.profit_factor).toBe("no_losses_infinite");
    expect(metrics.avg_loss).toBeNull();
  });
});

describe("day-end equity", () => {
  it("carries the last snapshot forward when the 00:00 UTC one is missing", () => {
    const created = at("2026-01-01T09:30:00Z");
    const series = hourlyEquity({
      startingBalance: 1000,
      createdAt: created,
      snapshots: [
        { ts: at("2026-01-01T23:00:00Z"), equity: 1010 }, // the 00:00 snapshot of the 2nd is missing
        { ts: at("2026-01-02T05:00:00Z"), equity: 990 },
        { ts: at("2026-01-04T00:00:00Z"), equity: 1020 }, // nothing at all on the 3rd
      ],
    });
    expect(series.start_at).toBe(at("2026-01-01T09:00:00Z"));
    expect(dayEndEquity(series)).toEqual([
      { at: at("2026-01-02T00:00:00Z"), equity: 1010 },
      { at: at("2026-01-03T00:00:00Z"), equity: 990 },
      { at: at("2026-01-04T00:00:00Z"), equity: 1020 },
    ]);
  });

  it("ends a day still running at the last point", () => {
    const created = at("2026-01-01T00:00:00Z");
    const series = hourlyEquity({ startingBalance: 100, createdAt: created, snapshots: [{ ts: at("2026-01-02T00:00:00Z"), equity: 101 }], endAt: at("2026-01-02T07:10:00Z") });
    expect(dayEndEquity(series)).toEqual([
      { at: at("2026-01-02T00:00:00Z"), equity: 101 },
      { at: at("2026-01-02T08:00:00Z"), equity: 101 },
    ]);
  });
});

describe("monthlyReturns", () => {
  it("compounds within UTC calendar months", () => {
    const series = hourlyEquity({
      startingBalance: 100,
      createdAt: at("2026-01-01T00:00:00Z"),
      snapshots: [
        { ts: at("2026-01-15T00:00:00Z"), equity: 130 }, // inside the month: no effect on its return
        { ts: at("2026-02-01T00:00:00Z"), equity: 110 },
        { ts: at("2026-02-20T13:00:00Z"), equity: 80 },
        { ts: at("2026-03-01T00:00:00Z"), equity: 99 },
        { ts: at("2026-03-31T12:00:00Z"), equity: 105 },
      ],
    });
    const months = monthlyReturns(series);
    expect(months.map((m) => [m.month, m.start_equity, m.end_equity, m.partial])).toEqual([
      ["2026-01", 100, 110, false],
      ["2026-02", 110, 99, false],
      ["2026-03", 99, 105, true],
    ]);
    expect(months[0].return_pct).toBeCloseTo(10, 12);
    expect(months[1].return_pct).toBeCloseTo(-10, 12);
    expect(months[2].return_pct).toBeCloseTo(6.060606, 6);
    // Compounded: the months multiply to the total (+5%), where summing them would say +6.06%.
    const product = months.reduce((p, m) => p * (1 + m.return_pct! / 100), 1);
    expect(product).toBeCloseTo(1.05, 12);
  });

  it("gives a single partial month for a young account", () => {
    const series = hourlyEquity({ startingBalance: 100, createdAt: at("2026-05-10T10:00:00Z"), snapshots: [] });
    expect(monthlyReturns(series)).toEqual([{ month: "2026-05", start_equity: 100, end_equity: 100, return_pct: 0, reason: null, partial: true }]);
  });
});

describe("drawdown on hours and on day ends", () => {
  it("counts an intraday trough on the hourly series only", () => {
    const created = Date.parse("2026-01-01T00:00:00Z");
    const { metrics, drawdown } = portfolioPerformance(
      {
        startingBalance: 100,
        createdAt: created,
        snapshots: [
          { ts: created + 10 * 3_600_000, equity: 80 },
          { ts: created + 11 * 3_600_000, equity: 100 },
          { ts: created + DAY, equity: 102 },
          { ts: created + 2 * DAY, equity: 101 },
        ],
      },
      [],
    );
    expect(metrics.max_drawdown_pct).toBeCloseTo(20, 12);
    expect(metrics.max_drawdown_day_end_pct).toBeCloseTo((1 - 101 / 102) * 100, 12);
    expect(drawdown.values[10]).toBeCloseTo(20, 12);
    expect(drawdown.values.length).toBe(49);
  });

  it("refuses a starting balance that is not positive", () => {
    expect(() => portfolioPerformance({ startingBalance: 0, createdAt: 0, snapshots: [] }, [])).toThrow(RangeError);
  });
});
