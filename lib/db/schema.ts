import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";

/** Instants are UTC epoch milliseconds everywhere (DESIGN.md, "Money and time"). */
const ms = (name: string) => integer(name, { mode: "number" });

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased and trimmed, so the unique index is case-insensitive. */
    email: text("email").notNull(),
    name: text("name"),
    /** PHC string, e.g. $scrypt$ln=17,r=8,p=1$salt$hash */
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["user", "admin"] }).notNull().default("user"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdAt: ms("created_at").notNull(),
    lastLoginAt: ms("last_login_at"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["browser", "api"] }).notNull(),
    createdAt: ms("created_at").notNull(),
    /** Written at most once a minute; drives the idle timeout. */
    lastSeenAt: ms("last_seen_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    revokedAt: ms("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    /** SHA-256 of the whole token; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    usedAt: ms("used_at"),
    revokedAt: ms("revoked_at"),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash),
    index("refresh_tokens_user_id_idx").on(t.userId),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_session_idx").on(t.sessionId),
  ],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    ip: text("ip"),
    createdAt: ms("created_at").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_events_user_id_idx").on(t.userId), index("audit_events_created_at_idx").on(t.createdAt)],
);

/** One row per counted request: an exact sliding window (DESIGN.md, rate limits). */
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: ms("at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("rate_limit_hits_key_at_idx").on(t.key, t.at), index("rate_limit_hits_expires_idx").on(t.expiresAt)],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    /** null for system jobs (purge, candle sync). */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>(),
    result: text("result", { mode: "json" }).$type<unknown>(),
    error: text("error"),
    progress: integer("progress").notNull().default(0),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    leaseOwner: text("lease_owner"),
    leaseUntil: ms("lease_until"),
    createdAt: ms("created_at").notNull(),
    startedAt: ms("started_at"),
    finishedAt: ms("finished_at"),
  },
  (t) => [index("jobs_user_id_idx").on(t.userId), index("jobs_status_created_idx").on(t.status, t.createdAt)],
);

/** One lease row per periodic task, so only one process runs it at a time. */
export const schedulerLeases = sqliteTable("scheduler_leases", {
  task: text("task").primaryKey(),
  owner: text("owner"),
  leaseUntil: ms("lease_until").notNull().default(0),
  lastRunAt: ms("last_run_at"),
  lastError: text("last_error"),
});

/** The live-event log: its autoincrement id is the SSE id; tailed by every server process. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    payload: text("payload").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("events_user_id_idx").on(t.userId, t.id), index("events_created_at_idx").on(t.createdAt)],
);


export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type EventRow = typeof events.$inferSelect;

/**
 * One row per user who saved settings; a missing row (or a missing key inside a group) means the
 * defaults of lib/settings/defaults.ts, so new preferences reach existing users without a migration.
 * Secrets are not here: they live encrypted in user_secrets.
 */
export const userSettings = sqliteTable("user_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  exchangeId: text("exchange_id"),
  exchangeMode: text("exchange_mode", { enum: ["paper", "live"] }),
  telegramChatId: text("telegram_chat_id"),
  notificationEvents: text("notification_events", { mode: "json" }).$type<string[]>(),
  trading: text("trading", { mode: "json" }).$type<Record<string, unknown>>(),
  display: text("display", { mode: "json" }).$type<Record<string, unknown>>(),
  updatedAt: ms("updated_at").notNull(),
});

/**
 * Per-user secrets, only ever as lib/security/secrets.ts ciphertext (`v1.<keyId>.<iv>.<tag>.<data>`).
 * No separate user_id index: the primary key starts with user_id, so it already serves
 * "every secret of this user" lookups.
 */
export const userSecrets = sqliteTable(
  "user_secrets",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A SecretField name; also half of the ciphertext's associated data. */
    field: text("field").notNull(),
    ciphertext: text("ciphertext").notNull(),
    /** When the user last saved the value; key rotation leaves it alone. */
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.field] })],
);

/**
 * Closed candles only, stored once per (source, symbol, timeframe, open_time) (trading-semantics.md §1.4).
 * `source` is an exchange id, `simulated:v<version>:<seed>`, or `import:<user_id>:<name>`: imports are
 * per-user through the key itself, so exchange and simulated rows, which are not user data, carry no user_id.
 * A plain composite primary key: drizzle cannot declare WITHOUT ROWID, and a hand-edited migration
 * would be lost the next time drizzle-kit rebuilds the table.
 */
export const candles = sqliteTable(
  "candles",
  {
    source: text("source").notNull(),
    symbol: text("symbol").notNull(),
    timeframe: text("timeframe").notNull(),
    openTime: ms("open_time").notNull(),
    open: real("open").notNull(),
    high: real("high").notNull(),
    low: real("low").notNull(),
    close: real("close").notNull(),
    volume: real("volume").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.symbol, t.timeframe, t.openTime] })],
);

/**
 * What was fetched, kept apart from the candles: a range the exchange answered with nothing (an
 * outage) is still fetched, so it is reported as a gap rather than downloaded again forever.
 * Ranges of one key are kept disjoint and non-adjacent (merged on write), so start is unique per key.
 */
export const candleRanges = sqliteTable(
  "candle_ranges",
  {
    source: text("source").notNull(),
    symbol: text("symbol").notNull(),
    timeframe: text("timeframe").notNull(),
    /** Inclusive. */
    startTime: ms("start_time").notNull(),
    /** Exclusive. */
    endTime: ms("end_time").notNull(),
    /** The latest fetch that touched the (merged) range. */
    fetchedAt: ms("fetched_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.symbol, t.timeframe, t.startTime] })],
);

export type CandleRow = typeof candles.$inferSelect;
export type CandleRangeRow = typeof candleRanges.$inferSelect;

/**
 * The deployment's market-data source (one row). MARKET_DATA_SOURCE=auto resolves once, at the
 * first start, and the choice is kept here so it never changes by itself (issue: market data).
 */
export const marketSource = sqliteTable("market_source", {
  id: integer("id").primaryKey(),
  kind: text("kind", { enum: ["exchange", "simulated"] }).notNull(),
  /** `exchange:<id>` or `simulated:v<N>:<seed>`: the key candles are stored under. */
  sourceId: text("source_id").notNull(),
  /** How it was chosen: `auto` (probed) or `config` (MARKET_DATA_SOURCE named it). */
  resolvedBy: text("resolved_by", { enum: ["auto", "config"] }).notNull(),
  resolvedAt: ms("resolved_at").notNull(),
});

/** One Fear & Greed value per UTC day and source, so backtests and signals can use the value valid on a date. */
export const fearGreedHistory = sqliteTable(
  "fear_greed_history",
  {
    /** UTC day, YYYY-MM-DD. */
    day: text("day").notNull(),
    /** `alternative.me` or `computed`. */
    source: text("source").notNull(),
    value: integer("value").notNull(),
    providerClassification: text("provider_classification"),
    /** When the value was published (alternative.me's timestamp, or the computation time). */
    asOf: ms("as_of").notNull(),
    recordedAt: ms("recorded_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.source] })],
);

/**
 * CSV imports: rows are staged per import in short transactions, then published into `candles`
 * under `import:<user_id>:<name>`. An import is never half-visible after a crash: `staging` ones
 * are discarded and `publishing` ones are finished on start.
 */
export const candleImports = sqliteTable(
  "candle_imports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    source: text("source").notNull(),
    symbol: text("symbol").notNull(),
    timeframe: text("timeframe").notNull(),
    status: text("status", { enum: ["staging", "publishing", "published", "failed"] }).notNull(),
    rows: integer("rows").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    conflicts: integer("conflicts").notNull().default(0),
    firstOpenTime: ms("first_open_time"),
    lastOpenTime: ms("last_open_time"),
    createdAt: ms("created_at").notNull(),
    finishedAt: ms("finished_at"),
  },
  (t) => [index("candle_imports_user_idx").on(t.userId, t.createdAt), index("candle_imports_status_idx").on(t.status)],
);

export const candleImportRows = sqliteTable(
  "candle_import_rows",
  {
    importId: text("import_id")
      .notNull()
      .references(() => candleImports.id, { onDelete: "cascade" }),
    openTime: ms("open_time").notNull(),
    open: real("open").notNull(),
    high: real("high").notNull(),
    low: real("low").notNull(),
    close: real("close").notNull(),
    volume: real("volume").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.openTime] })],
);

export type MarketSourceRow = typeof marketSource.$inferSelect;
export type FearGreedHistoryRow = typeof fearGreedHistory.$inferSelect;
export type CandleImportRow = typeof candleImports.$inferSelect;

/**
 * Per-user strategies (issue: strategies and backtesting). Deleting one is soft (`deleted_at`):
 * backtests keep pointing at it, lists and reads skip it, and its name is free again, which is why
 * the name is unique among live rows only. `symbols`, `parameters` and `risk` are stored as parsed
 * (defaults applied, risk fields left out filled from the owner's settings at the time).
 */
export const strategies = sqliteTable(
  "strategies",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    type: text("type").notNull(),
    symbols: text("symbols", { mode: "json" }).notNull().$type<string[]>(),
    timeframe: text("timeframe").notNull(),
    parameters: text("parameters", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    risk: text("risk", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
    /** 1 at creation, +1 on every edit; runs and bots record the version they used. */
    version: integer("version").notNull().default(1),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    deletedAt: ms("deleted_at"),
  },
  (t) => [
    uniqueIndex("strategies_user_name_live_unique").on(t.userId, t.name).where(sql`${t.deletedAt} IS NULL`),
    index("strategies_user_created_idx").on(t.userId, t.createdAt),
  ],
);

export type StrategyRow = typeof strategies.$inferSelect;

/**
 * Backtest runs. The row keeps what reproduces the run (the request as resolved, a snapshot of the
 * strategy, the source) and, once completed, the result: the report as JSON, the curves downsampled
 * for charts, and the full equity curve as a Float64Array blob for `?resolution=full`. Trades live
 * in `backtest_trades` so they can be paged. `job_id` links the run to the job that executes it.
 */
export const backtests = sqliteTable(
  "backtests",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    strategyId: text("strategy_id").notNull(),
    strategySnapshot: text("strategy_snapshot", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    /** queued | running | completed | failed | canceled */
    status: text("status").notNull(),
    progress: integer("progress").notNull().default(0),
    phase: text("phase").notNull(),
    error: text("error"),
    jobId: text("job_id"),
    request: text("request", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    /** The candle source the run read, resolved at submission: exchange:…, simulated:…, import:<user>:<name>. */
    source: text("source").notNull(),
    simulated: integer("simulated", { mode: "boolean" }).notNull(),
    headline: text("headline", { mode: "json" }).$type<Record<string, unknown>>(),
    report: text("report", { mode: "json" }).$type<Record<string, unknown>>(),
    equityCurve: text("equity_curve", { mode: "json" }).$type<[number, number][]>(),
    drawdownCurve: text("drawdown_curve", { mode: "json" }).$type<[number, number][]>(),
    /** The full close-marked equity series: values i at curve_start_at + i × curve_interval_ms. */
    equityFull: blob("equity_full", { mode: "buffer" }),
    curveStartAt: ms("curve_start_at"),
    curveIntervalMs: ms("curve_interval_ms"),
    tradesCount: integer("trades_count"),
    createdAt: ms("created_at").notNull(),
    startedAt: ms("started_at"),
    finishedAt: ms("finished_at"),
  },
  (t) => [
    index("backtests_user_created_idx").on(t.userId, t.createdAt),
    index("backtests_user_strategy_created_idx").on(t.userId, t.strategyId, t.createdAt),
    index("backtests_status_idx").on(t.status),
  ],
);

export type BacktestRow = typeof backtests.$inferSelect;

/** One row per closed trade of a completed run, in the engine's order (`seq`). */
export const backtestTrades = sqliteTable(
  "backtest_trades",
  {
    backtestId: text("backtest_id")
      .notNull()
      .references(() => backtests.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    symbol: text("symbol").notNull(),
    side: text("side").notNull(),
    signalAt: ms("signal_at").notNull(),
    entryAt: ms("entry_at").notNull(),
    entryPrice: real("entry_price").notNull(),
    amount: real("amount").notNull(),
    entryFee: real("entry_fee").notNull(),
    exitAt: ms("exit_at").notNull(),
    exitPrice: real("exit_price").notNull(),
    exitFee: real("exit_fee").notNull(),
    exitReason: text("exit_reason").notNull(),
    funding: real("funding").notNull(),
    pnl: real("pnl").notNull(),
    pnlPct: real("pnl_pct").notNull(),
    holdingMs: ms("holding_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.backtestId, t.seq] }), index("backtest_trades_symbol_idx").on(t.backtestId, t.symbol, t.seq)],
);

/**
 * Idempotency-Key records (DESIGN.md): per (user, route, key), the request's hash and, once
 * answered, the final status and body, kept 24 h. `response_status` null means still in flight.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    route: text("route").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    responseHeaders: text("response_headers", { mode: "json" }).$type<Record<string, string>>(),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.route, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

/*
 * Paper trading (trading-semantics.md §3.11). Money columns are INTEGER atomic units (10^-8 of the
 * asset unless a market says otherwise). They are read only through lib/trading/store, whose
 * statements use better-sqlite3's safeIntegers(true) so every value arrives as an exact BigInt: a
 * drizzle select would hand them over as JS numbers, which stop being exact above 2^53 (about 90
 * million USDT at 10^-8), and "balance = Σ ledger" must hold exactly.
 */
const units = (name: string) => integer(name, { mode: "number" });

/**
 * A user's paper account, bound to one market-data source for its whole life (§3.1). A reset
 * archives it (archived_at) and opens a new one with the next epoch; archived rows stay readable.
 */
export const paperAccounts = sqliteTable(
  "paper_accounts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    epoch: integer("epoch").notNull(),
    /** The market source id its fills, triggers and valuations use (exchange:…, simulated:…). */
    source: text("source").notNull(),
    quoteAsset: text("quote_asset").notNull(),
    startingBalance: units("starting_balance").notNull(),
    createdAt: ms("created_at").notNull(),
    archivedAt: ms("archived_at"),
  },
  (t) => [
    uniqueIndex("paper_accounts_user_epoch_unique").on(t.userId, t.epoch),
    // One live account per user.
    uniqueIndex("paper_accounts_user_live_unique").on(t.userId).where(sql`archived_at IS NULL`),
  ],
);

/** Current balances, updated in the transaction that writes the ledger rows explaining them. */
export const paperBalances = sqliteTable(
  "paper_balances",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    asset: text("asset").notNull(),
    free: units("free").notNull(),
    locked: units("locked").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.asset] }), check("paper_balances_non_negative", sql`free >= 0 AND locked >= 0`)],
);

/** Every change to a balance, signed; per (account, asset, bucket) the deltas sum to the balance. */
export const paperLedgerEntries = sqliteTable(
  "paper_ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    asset: text("asset").notNull(),
    /** free | locked */
    bucket: text("bucket").notNull(),
    delta: units("delta").notNull(),
    /** deposit | withdrawal | trade | fee | lock | unlock | funding | reset */
    kind: text("kind").notNull(),
    orderId: text("order_id"),
    fillId: text("fill_id"),
    ts: ms("ts").notNull(),
  },
  (t) => [
    index("paper_ledger_account_asset_idx").on(t.accountId, t.asset, t.ts),
    // A fill is booked once: a replayed or raced fill fails here rather than paying twice.
    uniqueIndex("paper_ledger_fill_unique").on(t.fillId, t.kind, t.asset, t.bucket),
  ],
);

/**
 * Orders with the core's normalised wire fields. The fee rate and slippage in force at placement
 * are kept on the order, so the matcher fills it on the terms it was accepted with. `lock_amount`
 * is what the order still holds locked in `lock_asset`.
 */
export const paperOrders = sqliteTable(
  "paper_orders",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    symbol: text("symbol").notNull(),
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    side: text("side").notNull(),
    type: text("type").notNull(),
    amount: units("amount").notNull(),
    price: units("price"),
    stopPrice: units("stop_price"),
    trailingDeltaBps: integer("trailing_delta_bps"),
    activationPrice: units("activation_price"),
    stopLossPrice: units("stop_loss_price"),
    takeProfitPrice: units("take_profit_price"),
    trailingStopPct: real("trailing_stop_pct"),
    referencePrice: units("reference_price").notNull(),
    /** open | partially_filled | filled | canceled | rejected | expired */
    status: text("status").notNull(),
    filled: units("filled").notNull(),
    averagePrice: units("average_price"),
    fee: units("fee").notNull(),
    rejectReason: text("reject_reason"),
    /** A strategy's id, or null for a manual order. */
    owner: text("owner"),
    /** The bot's key of the candle that caused the order (`bot:{strategy}:{symbol}:{timeframe}:{open_time}`), null for a manual order. */
    clientOrderId: text("client_order_id"),
    ocoGroup: text("oco_group"),
    /** The core's trailing state with prices as decimal strings of atomic units. */
    trailingState: text("trailing_state"),
    triggered: integer("triggered", { mode: "boolean" }).notNull().default(false),
    lockAsset: text("lock_asset"),
    lockAmount: units("lock_amount").notNull(),
    feeRate: text("fee_rate").notNull(),
    slippageBps: text("slippage_bps").notNull(),
    /** When it began resting in its current form: candle matching only sees orders older than the candle. */
    placedAt: ms("placed_at").notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    index("paper_orders_account_status_idx").on(t.accountId, t.status, t.createdAt),
    index("paper_orders_status_symbol_idx").on(t.status, t.symbol),
    // A bot's candle can cause one order per account, whichever process evaluates it.
    uniqueIndex("paper_orders_client_order_id_unique").on(t.accountId, t.clientOrderId).where(sql`${t.clientOrderId} IS NOT NULL`),
  ],
);

export const paperFills = sqliteTable(
  "paper_fills",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => paperOrders.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    seq: integer("seq").notNull(),
    price: units("price").notNull(),
    amount: units("amount").notNull(),
    /** price × amount as the ledger moved it (rounded against the trader). */
    notional: units("notional").notNull(),
    fee: units("fee").notNull(),
    feeAsset: text("fee_asset").notNull(),
    /** maker | taker */
    liquidity: text("liquidity").notNull(),
    /** The source time of the price the fill used (a candle fill: the candle's open time). */
    priceTs: ms("price_ts").notNull(),
    source: text("source").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [uniqueIndex("paper_fills_order_seq_unique").on(t.orderId, t.seq), index("paper_fills_account_idx").on(t.accountId, t.createdAt)],
);

/** FIFO lots per (account, symbol, owner); `amount` and `cost` are what remains of the lot. */
export const paperLots = sqliteTable(
  "paper_lots",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    symbol: text("symbol").notNull(),
    /** "manual" or a strategy's id. */
    owner: text("owner").notNull(),
    fillId: text("fill_id").notNull(),
    acquiredAt: ms("acquired_at").notNull(),
    amount: units("amount").notNull(),
    cost: units("cost").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.symbol, t.owner, t.fillId] })],
);

/** One row per lot a sell consumed: what the tax export lists. */
export const paperDisposals = sqliteTable(
  "paper_disposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    symbol: text("symbol").notNull(),
    owner: text("owner").notNull(),
    sellFillId: text("sell_fill_id").notNull(),
    lotFillId: text("lot_fill_id").notNull(),
    acquiredAt: ms("acquired_at").notNull(),
    disposedAt: ms("disposed_at").notNull(),
    amount: units("amount").notNull(),
    cost: units("cost").notNull(),
    proceeds: units("proceeds").notNull(),
    fee: units("fee").notNull(),
    realized: units("realized").notNull(),
  },
  (t) => [index("paper_disposals_account_idx").on(t.accountId, t.symbol, t.disposedAt)],
);

/** The last closed 1m candle the matcher processed, per source and symbol (§3.4). */
export const paperMatcherCursors = sqliteTable(
  "paper_matcher_cursors",
  {
    source: text("source").notNull(),
    symbol: text("symbol").notNull(),
    lastMinute: ms("last_minute").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.symbol] })],
);

/**
 * Account equity over time (§2.5): "hour" rows at each hour boundary valued at that minute's 1m
 * closes feed the metrics; "fill" rows written with each fill are extra points for the P&L chart.
 */
export const paperEquitySnapshots = sqliteTable(
  "paper_equity_snapshots",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => paperAccounts.id, { onDelete: "cascade" }),
    ts: ms("ts").notNull(),
    /** Quote atomic units. */
    equity: units("equity").notNull(),
    /** hour | fill */
    kind: text("kind").notNull(),
  },
  (t) => [uniqueIndex("paper_equity_snapshots_unique").on(t.accountId, t.ts, t.kind)],
);

/**
 * Recorded signals: one per closed candle of every tracked (symbol, timeframe), unique per source
 * and algorithm version so the same candles always answer with the same row and statistics never
 * mix simulated and exchange data. Prices are numbers (the signal is advice, not money).
 */
export const signals = sqliteTable(
  "signals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    source: text("source").notNull(),
    symbol: text("symbol").notNull(),
    timeframe: text("timeframe").notNull(),
    /** Open time of the signal candle. */
    candleTime: ms("candle_time").notNull(),
    algorithm: text("algorithm").notNull(),
    /** buy | sell | hold */
    signal: text("signal").notNull(),
    confidence: real("confidence").notNull(),
    entryPrice: real("entry_price").notNull(),
    stopLoss: real("stop_loss"),
    takeProfit: real("take_profit"),
    rewardRiskRatio: real("reward_risk_ratio"),
    degraded: integer("degraded", { mode: "boolean" }).notNull().default(false),
    /** { indicators, reasons, ... } as served. */
    detail: text("detail", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("signals_unique").on(t.source, t.symbol, t.timeframe, t.candleTime, t.algorithm),
    index("signals_lookup_idx").on(t.source, t.algorithm, t.timeframe, t.symbol, t.candleTime),
  ],
);

/** One row per strategy that ever ran as a bot: its running state as the strategies page shows it. */
export const botStates = sqliteTable(
  "bot_states",
  {
    strategyId: text("strategy_id")
      .primaryKey()
      .references(() => strategies.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** running | paused */
    status: text("status").notNull(),
    /** Why it is paused: user | close_all | account_reset | market_unavailable | disabled */
    pausedReason: text("paused_reason"),
    /** When the strategy was last enabled or resumed: P&L "since enabled" counts from here. */
    enabledAt: ms("enabled_at"),
    lastCandleTime: ms("last_candle_time"),
    lastAction: text("last_action"),
    lastError: text("last_error"),
    lastEvaluatedAt: ms("last_evaluated_at"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("bot_states_user_idx").on(t.userId)],
);

/**
 * What a bot did for each candle of each symbol. The row and the order it causes are written in
 * one transaction, and the unique key makes a second evaluation of the same candle (another
 * process, a restart) a no-op.
 */
export const botEvaluations = sqliteTable(
  "bot_evaluations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    strategyId: text("strategy_id")
      .notNull()
      .references(() => strategies.id, { onDelete: "cascade" }),
    strategyVersion: integer("strategy_version").notNull(),
    symbol: text("symbol").notNull(),
    timeframe: text("timeframe").notNull(),
    openTime: ms("open_time").notNull(),
    /** ordered | no_signal | rejected | skipped_stale | error */
    outcome: text("outcome").notNull(),
    /** enter_long | exit_long | null */
    action: text("action"),
    reason: text("reason"),
    orderId: text("order_id"),
    idempotencyKey: text("idempotency_key"),
    evaluatedBy: text("evaluated_by").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("bot_evaluations_candle_unique").on(t.strategyId, t.symbol, t.timeframe, t.openTime),
    index("bot_evaluations_user_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * The notification outbox. A row is written in the transaction of the event that caused it and
 * delivered by the background sender. Webhooks are at-least-once (stable webhook_id); Telegram is
 * at-most-once: a row is `sending` before the call, and one still `sending` after a crash becomes
 * `unknown`, never resent.
 */
export const notificationOutbox = sqliteTable(
  "notification_outbox",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** telegram | webhook */
    channel: text("channel").notNull(),
    /** fills | stops | bot_errors | daily_summary */
    event: text("event").notNull(),
    /** Makes the same event enqueue once per channel (a fill id, "daily:2026-11-28"...). */
    dedupeKey: text("dedupe_key").notNull(),
    /** { text } for Telegram; { type, data } for webhooks. No secrets. */
    payload: text("payload", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    /** pending | sending | sent | failed | unknown */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ms("next_attempt_at").notNull(),
    lastError: text("last_error"),
    claimedBy: text("claimed_by"),
    claimedAt: ms("claimed_at"),
    createdAt: ms("created_at").notNull(),
    sentAt: ms("sent_at"),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedupe_unique").on(t.userId, t.channel, t.dedupeKey),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_outbox_user_idx").on(t.userId, t.createdAt),
  ],
);
