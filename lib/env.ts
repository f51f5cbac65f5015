import { z } from "zod";

/**
 * The only reader of process.env. Every variable is documented in .env.example.
 * An empty string counts as "not set", so a test harness can blank out a variable
 * that a developer's .env.local would otherwise supply.
 */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema);

const bool = (fallback: boolean) =>
  opt(
    z
      .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
        error: "must be true or false",
      })
      .transform((v) => ["true", "1", "yes", "on"].includes(v))
      .optional(),
  ).transform((v) => (v === undefined ? fallback : v));

const int = (fallback: number, min: number, max: number) =>
  opt(z.coerce.number().int("must be a whole number").min(min).max(max).optional()).transform((v) => v ?? fallback);

const base64Key32 = z.string().refine((v) => {
  try {
    return Buffer.from(v, "base64").length === 32;
  } catch {
    return false;
  }
}, "must be 32 random bytes encoded as base64 (openssl rand -base64 32)");

export const envSchema = z.object({
  NODE_ENV: opt(z.enum(["development", "production", "test"]).optional()).transform((v) => v ?? "development"),
  HOST: opt(z.string().optional()).transform((v) => v ?? "127.0.0.1"),
  PORT: int(3000, 1, 65535),
  DATABASE_PATH: opt(z.string().optional()).transform((v) => v ?? "./data/autocbot.db"),
  AUTH_SECRET: z.preprocess(
    blankToUndefined,
    z.string({ error: "is required (npm start generates one into .env.local)" }).min(32, "must be at least 32 characters"),
  ),
  AUTH_URL: opt(z.url("must be an absolute URL").optional()),
  AUTH_TRUST_HOST: bool(true),
  ENCRYPTION_KEY: z.preprocess(
    blankToUndefined,
    z.string({ error: "is required (npm start generates one into .env.local)" }).pipe(base64Key32),
  ),
  ENCRYPTION_KEYS_PREVIOUS: opt(
    z
      .string()
      .refine(
        (v) => v.split(",").every((k) => k.trim() === "" || base64Key32.safeParse(k.trim()).success),
        "must be a comma-separated list of 32-byte base64 keys",
      )
      .optional(),
  ),
  REGISTRATION: opt(z.enum(["open", "closed"]).optional()).transform((v) => v ?? "open"),
  SESSION_MAX_AGE_HOURS: int(12, 1, 24 * 90),
  SESSION_IDLE_MINUTES: int(120, 1, 60 * 24 * 90),
  TRUST_PROXY: bool(false),
  TRUST_PROXY_HOPS: int(1, 1, 10),
  RATE_LIMIT_SCALE: opt(z.coerce.number().positive("must be a positive number").optional()).transform((v) => v ?? 1),
  REDIS_URL: opt(z.url("must be a redis:// URL").optional()),
  LOG_LEVEL: opt(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()).transform(
    (v) => v ?? "info",
  ),
  SUPPORTED_EXCHANGES: opt(z.string().optional()).transform((v) =>
    (v ?? "binance")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  ),
  ENABLE_LIVE_TRADING: bool(false),
  /** Rewrites every ccxt urls.api entry: a regional endpoint, or the fake exchange in tests. */
  EXCHANGE_BASE_URL: opt(z.url("must be an absolute URL").optional()),
  EXCHANGE_TIMEOUT_MS: int(10_000, 500, 120_000),
  TELEGRAM_API_BASE_URL: opt(z.url("must be an absolute URL").optional()).transform((v) => v ?? "https://api.telegram.org"),
  /** Exact host:port pairs webhooks may reach even though they are local (tests, private deployments). */
  ALLOW_WEBHOOK_HOSTS: opt(z.string().optional()).transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  ),
  PUBLIC_EGRESS_IP: opt(z.string().optional()),
  COINGECKO_API_KEY: opt(z.string().optional()),
  /** CoinGecko API root; pro keys need https://pro-api.coingecko.com/api/v3, tests point it at a fake. */
  COINGECKO_BASE_URL: opt(z.url("must be an absolute URL").optional()).transform((v) => v ?? "https://api.coingecko.com/api/v3"),
  /** alternative.me Fear & Greed API root; tests point it at a fake. */
  FEAR_GREED_BASE_URL: opt(z.url("must be an absolute URL").optional()).transform((v) => v ?? "https://api.alternative.me"),
  /** The exchange whose public market data the deployment uses (ccxt id). */
  EXCHANGE_ID: opt(z.string().regex(/^[a-z0-9]+$/, "must be a ccxt exchange id such as binance").optional()).transform((v) => v ?? "binance"),
  /** auto: the exchange if it answers at the first start, else the simulated market; recorded once. */
  MARKET_DATA_SOURCE: opt(z.enum(["auto", "exchange", "simulated"]).optional()).transform((v) => v ?? "auto"),
  /** The simulated market's seed: part of its source id, so another seed is another market. */
  SIMULATED_SEED: opt(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 characters of A-Z a-z 0-9 _ -").optional()).transform((v) => v ?? "1"),
  /** Symbols kept fresh besides users' default pairs (and, later, strategies' and positions'). */
  TRACKED_SYMBOLS: opt(z.string().optional()).transform((v) =>
    (v ?? "BTC/USDT,ETH/USDT,BNB/USDT,SOL/USDT,XRP/USDT,ADA/USDT,DOGE/USDT,AVAX/USDT,DOT/USDT,POL/USDT")
      .split(",")
      .map((s) => s.trim().toUpperCase().replace("-", "/"))
      .filter(Boolean),
  ),
  /** Timeframes whose recent candles the sync task keeps in the store for tracked symbols. */
  MARKET_SYNC_TIMEFRAMES: opt(z.string().optional()).transform((v) =>
    (v ?? "1m,1h")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  /** How often each server process refreshes tracked tickers and publishes price.tick events. */
  PRICE_POLL_MS: int(3_000, 250, 600_000),
  /** Largest CSV body POST /api/v1/market/candles/import accepts (413 above). */
  IMPORT_MAX_BYTES: int(50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** Paper orders need a price from the account's source no older than this (trading-semantics §3.1). */
  MAX_PRICE_AGE_S: int(10, 1, 3_600),
  /** Backtests each server process runs at a time (first in, first out); the rest wait queued. */
  BACKTEST_WORKERS: int(1, 1, 16),
  /** Candles after a signal within which its take-profit or stop-loss must be reached (trading-semantics §5.3). */
  SIGNAL_SCORE_CANDLES: int(24, 1, 1_000),
  /** on: this process competes for the bot-runner lease; off: it never runs bots. */
  BOT_RUNNER: opt(z.enum(["on", "off"], { error: "must be on or off" }).optional()).transform((v) => v ?? "on"),
  /** The bot runner's lease: renewed every third of it, taken over by another process once it lapses. */
  BOT_LEASE_TTL_S: int(30, 3, 3_600),
  /** After downtime, at most this many missed candles per bot and symbol are evaluated (state only, no orders). */
  BOT_CATCHUP_MAX_CANDLES: int(500, 1, 10_000),
  /** Delivery attempts of a notification before it is marked failed (backoff 2^n x 5 s, capped at 1 h). */
  NOTIFY_MAX_ATTEMPTS: int(8, 1, 50),
  /** Set by the test harness: the server then refuses a database outside the OS temp dir. */
  TEST_MODE: bool(false),
  /** Set by the test harness to let a test server run short lease and purge intervals. */
  JOB_POLL_MS: int(500, 50, 60_000),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new EnvError(problems);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
