import { and, asc, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { decodeListCursor, encodeListCursor } from "@/lib/http/list-cursor";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { strategies, type StrategyRow } from "@/lib/db/schema";
import { AppError, NotFound, ValidationFailed, type FieldErrors } from "@/lib/errors";
import { fieldErrors } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import type { MarketInfo } from "@/lib/market/provider";
import {
  EXPORT_FORMAT,
  MAX_STRATEGY_NAME,
  type StrategyImport,
  type StrategyInput,
  type StrategyListQuery,
  type strategyExportSchema,
  type strategyViewSchema,
} from "./operations";
import { SINGLE_SYMBOL_TYPES, STRATEGIES, strategyConfigSchema, type StrategyConfig } from "./registry";
import type { Risk } from "./risk";

export type StrategyView = z.output<typeof strategyViewSchema>;
export type StrategyListItem = StrategyView & { last_backtest: null };
export type StrategyExport = z.output<typeof strategyExportSchema>;

/** The settings a new strategy's risk is filled from (lib/settings trading group). */
export interface RiskDefaultsSource {
  stake_currency: string;
  max_position_size_pct: number;
  max_open_positions: number;
  stop_loss_pct: number | null;
  take_profit_pct: number | null;
  trailing_stop_pct: number | null;
}

/**
 * What the store needs from the rest of the server. Injected so the rules can be tested on a
 * temporary database; lib/strategies/service.ts wires the real ones.
 */
export interface StrategyStoreDeps {
  db: Db;
  tradingSettings(userId: string): Promise<RiskDefaultsSource>;
  /** The deployment's market of a symbol, or null when the source does not list it. */
  findMarket(symbol: string): Promise<MarketInfo | null>;
  /** Whether the source has a market list at all (false: symbols cannot be checked yet → 503). */
  marketListAvailable(): Promise<boolean>;
  /** How many positions the strategy's bot holds open (a strategy with open positions cannot be deleted). */
  openBotPositions(userId: string, strategyId: string): Promise<number>;
  now?: () => number;
}

export class ShortsNotSupported extends AppError {
  constructor() {
    super(422, "shorts_not_supported", "This strategy allows shorts, which bots cannot trade on the spot paper account yet. It can still be backtested.", {
      enabled: ["Strategies that allow shorts cannot be enabled as bots yet."],
    });
  }
}

export class StrategyHasOpenPositions extends AppError {
  constructor(count: number) {
    super(409, "strategy_has_open_positions", `The strategy's bot holds ${count} open position${count === 1 ? "" : "s"}. Close them before deleting it.`, undefined, {
      open_positions: count,
    });
  }
}

export class StoreMarketsUnavailable extends AppError {
  constructor() {
    super(503, "unavailable", "The market list is not available yet, so the symbols cannot be checked; try again shortly.");
  }
}

const notFound = () => new NotFound("Strategy not found.");

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

const nameTakenMessage = "You already have a strategy with this name.";

/** Stored parameters and risk read through the current schemas, so parameters added later show their defaults. */
function readConfig(row: StrategyRow): { parameters: Record<string, unknown>; risk: Risk } {
  const parsed = strategyConfigSchema.safeParse({ type: row.type, parameters: row.parameters, risk: row.risk });
  if (parsed.success) return { parameters: parsed.data.parameters as Record<string, unknown>, risk: parsed.data.risk };
  return { parameters: row.parameters, risk: row.risk as Risk };
}

export function strategyView(row: StrategyRow): StrategyView {
  const { parameters, risk } = readConfig(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    symbols: row.symbols,
    timeframe: row.timeframe,
    parameters,
    risk,
    enabled: row.enabled,
    version: row.version,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const encodeCursor = (row: StrategyRow) => encodeListCursor(row.createdAt, row.id);
const decodeCursor = decodeListCursor;

/** "<base><suffix>", cut so that it fits the name limit. */
function withSuffix(base: string, suffix: string): string {
  return base.slice(0, MAX_STRATEGY_NAME - suffix.length).trimEnd() + suffix;
}

/**
 * The strategies of one user: every function takes the owner's id and keeps it in the SQL `where`,
 * so another user's strategy is indistinguishable from a missing one (404). Deleted strategies are
 * invisible here except to the name check, which ignores them.
 */
export function createStrategyStore(deps: StrategyStoreDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;

  function liveRow(userId: string, id: string): StrategyRow | undefined {
    return db
      .select()
      .from(strategies)
      .where(and(eq(strategies.userId, userId), eq(strategies.id, id), isNull(strategies.deletedAt)))
      .get();
  }

  function requireLive(userId: string, id: string): StrategyRow {
    const row = liveRow(userId, id);
    if (!row) throw notFound();
    return row;
  }

  function nameInUse(userId: string, name: string, exceptId?: string): boolean {
    const row = db
      .select({ id: strategies.id })
      .from(strategies)
      .where(and(eq(strategies.userId, userId), eq(strategies.name, name), isNull(strategies.deletedAt)))
      .get();
    return row !== undefined && row.id !== exceptId;
  }

  /** `<base>`, or `<base><suffix>`, `<base><suffix> 2`, … whichever is free first. */
  function uniqueName(userId: string, base: string, suffix: string, tryBaseFirst: boolean): string {
    if (tryBaseFirst && !nameInUse(userId, base)) return base;
    for (let n = 1; ; n++) {
      const candidate = withSuffix(base, n === 1 ? suffix : `${suffix.replace(/\)$/, "")} ${n})`);
      if (!nameInUse(userId, candidate)) return candidate;
    }
  }

  /**
   * Validates a strategy as a client sent it and resolves it for storage: the type's parameters
   * with defaults, risk filled from settings, symbols checked against the deployment's markets and
   * the stake currency. Every problem is reported at once under its dotted wire path.
   */
  async function resolve(
    userId: string,
    input: Omit<StrategyInput, "enabled">,
    options: { exceptId?: string; checkName: boolean },
  ): Promise<{ config: StrategyConfig; symbols: string[] }> {
    const fields: FieldErrors = {};
    const add = (path: string, message: string) => (fields[path] ??= []).push(message);
    const settings = await deps.tradingSettings(userId);

    // A level the type does not use (dca's and grid's own targets) is not copied from the settings,
    // so that every run of such a strategy does not warn about it; one the client sends is kept.
    const unused = new Set(STRATEGIES[input.type].ignoresRisk ?? []);
    const fromSettings = {
      position_size_pct: settings.max_position_size_pct,
      max_open_trades: settings.max_open_positions,
      stop_loss_pct: unused.has("stop_loss_pct") ? null : settings.stop_loss_pct,
      take_profit_pct: unused.has("take_profit_pct") ? null : settings.take_profit_pct,
      trailing_stop_pct: unused.has("trailing_stop_pct") ? null : settings.trailing_stop_pct,
    };
    const given = Object.fromEntries(Object.entries(input.risk ?? {}).filter(([, v]) => v !== undefined));
    const parsed = strategyConfigSchema.safeParse({ type: input.type, parameters: input.parameters ?? {}, risk: { ...fromSettings, ...given } });
    if (!parsed.success) for (const [path, messages] of Object.entries(fieldErrors(parsed.error))) messages.forEach((m) => add(path, m));

    if (SINGLE_SYMBOL_TYPES.includes(input.type) && input.symbols.length > 1) {
      add("symbols", `A ${STRATEGIES[input.type].label} strategy trades exactly one pair: its prices are absolute.`);
    }

    const seen = new Map<string, number>();
    let listChecked = false;
    for (const [i, symbol] of input.symbols.entries()) {
      if (seen.has(symbol)) {
        add(`symbols.${i}`, `${symbol} is already in the list.`);
        continue;
      }
      seen.set(symbol, i);
      const quote = symbol.split("/")[1];
      if (quote !== settings.stake_currency) {
        add(`symbols.${i}`, `${symbol} is not quoted in your stake currency ${settings.stake_currency}.`);
        continue;
      }
      const market = await deps.findMarket(symbol);
      if (market) continue;
      if (!listChecked) {
        if (!(await deps.marketListAvailable())) throw new StoreMarketsUnavailable();
        listChecked = true;
      }
      add(`symbols.${i}`, `${symbol} is not a market of this deployment's data source.`);
    }

    if (options.checkName && nameInUse(userId, input.name, options.exceptId)) add("name", nameTakenMessage);
    if (Object.keys(fields).length > 0 || !parsed.success) throw new ValidationFailed(fields);
    return { config: parsed.data, symbols: input.symbols };
  }

  function assertCanEnable(enabled: boolean, risk: Pick<Risk, "allow_short">): void {
    if (enabled && risk.allow_short) throw new ShortsNotSupported();
  }

  /** Runs a write whose unique index may catch a name taken by a concurrent request. */
  function writeWithName<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationFailed({ name: [nameTakenMessage] });
      throw error;
    }
  }

  function insert(userId: string, values: { name: string; description: string; config: StrategyConfig; symbols: string[]; timeframe: string; enabled: boolean }): StrategyView {
    const at = now();
    const row = writeWithName(() =>
      db
        .insert(strategies)
        .values({
          id: newId(at),
          userId,
          name: values.name,
          description: values.description,
          type: values.config.type,
          symbols: values.symbols,
          timeframe: values.timeframe,
          parameters: values.config.parameters as Record<string, unknown>,
          risk: values.config.risk,
          enabled: values.enabled,
          version: 1,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get(),
    );
    return strategyView(row);
  }

  return {
    async list(userId: string, query: StrategyListQuery = {}): Promise<{ items: StrategyListItem[]; next_cursor: string | null }> {
      const limit = query.limit ?? 50;
      const ascending = query.order === "asc";
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const beyond = after
        ? ascending
          ? or(gt(strategies.createdAt, after[0]), and(eq(strategies.createdAt, after[0]), gt(strategies.id, after[1])))
          : or(lt(strategies.createdAt, after[0]), and(eq(strategies.createdAt, after[0]), lt(strategies.id, after[1])))
        : undefined;
      const order = ascending ? [asc(strategies.createdAt), asc(strategies.id)] : [desc(strategies.createdAt), desc(strategies.id)];
      const owner = and(eq(strategies.userId, userId), isNull(strategies.deletedAt));
      const rows = db
        .select()
        .from(strategies)
        .where(beyond ? and(owner, beyond) : owner)
        .orderBy(...order)
        .limit(limit + 1)
        .all();
      const page = rows.slice(0, limit);
      return {
        // The latest backtest's headline joins here once backtests are stored.
        items: page.map((row) => ({ ...strategyView(row), last_backtest: null })),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
      };
    },

    async get(userId: string, id: string): Promise<StrategyView> {
      return strategyView(requireLive(userId, id));
    },

    async create(userId: string, input: StrategyInput): Promise<StrategyView> {
      const { config, symbols } = await resolve(userId, input, { checkName: true });
      const enabled = input.enabled ?? false;
      assertCanEnable(enabled, config.risk);
      return insert(userId, { name: input.name, description: input.description ?? "", config, symbols, timeframe: input.timeframe, enabled });
    },

    /** Replaces every editable field; `enabled` left out keeps its value. The version goes up by one. */
    async update(userId: string, id: string, input: StrategyInput): Promise<StrategyView> {
      const current = requireLive(userId, id);
      const { config, symbols } = await resolve(userId, input, { checkName: true, exceptId: id });
      const enabled = input.enabled ?? current.enabled;
      assertCanEnable(enabled, config.risk);
      const row = writeWithName(() =>
        db
          .update(strategies)
          .set({
            name: input.name,
            description: input.description ?? "",
            type: config.type,
            symbols,
            timeframe: input.timeframe,
            parameters: config.parameters as Record<string, unknown>,
            risk: config.risk,
            enabled,
            version: current.version + 1,
            updatedAt: Math.max(now(), current.updatedAt),
          })
          .where(and(eq(strategies.userId, userId), eq(strategies.id, id), isNull(strategies.deletedAt)))
          .returning()
          .get(),
      );
      if (!row) throw notFound();
      return strategyView(row);
    },

    /** Soft delete. A strategy whose bot still holds positions stays (409). */
    async remove(userId: string, id: string): Promise<void> {
      requireLive(userId, id);
      const open = await deps.openBotPositions(userId, id);
      if (open > 0) throw new StrategyHasOpenPositions(open);
      const at = now();
      const done = db
        .update(strategies)
        .set({ deletedAt: at, enabled: false, updatedAt: at })
        .where(and(eq(strategies.userId, userId), eq(strategies.id, id), isNull(strategies.deletedAt)))
        .run();
      if (done.changes === 0) throw notFound();
    },

    /**
     * Sets `enabled` to the value asked for; asking for the current value changes nothing (so a
     * retry is harmless). Not an edit of the strategy: the version stays.
     */
    async toggle(userId: string, id: string, enabled: boolean): Promise<StrategyView> {
      const current = requireLive(userId, id);
      if (current.enabled === enabled) return strategyView(current);
      assertCanEnable(enabled, readConfig(current).risk);
      const row = db
        .update(strategies)
        .set({ enabled, updatedAt: Math.max(now(), current.updatedAt) })
        .where(and(eq(strategies.userId, userId), eq(strategies.id, id), isNull(strategies.deletedAt)))
        .returning()
        .get();
      if (!row) throw notFound();
      return strategyView(row);
    },

    /** A disabled copy at version 1, named "<name> (copy)", "<name> (copy 2)", … */
    async duplicate(userId: string, id: string): Promise<StrategyView> {
      const source = requireLive(userId, id);
      const { parameters, risk } = readConfig(source);
      const config = { type: source.type, parameters, risk } as StrategyConfig;
      // A concurrent copy may take the same name between the check and the insert: try the next one.
      for (let attempt = 0; ; attempt++) {
        try {
          return insert(userId, {
            name: uniqueName(userId, source.name, " (copy)", false),
            description: source.description,
            config,
            symbols: source.symbols,
            timeframe: source.timeframe,
            enabled: false,
          });
        } catch (error) {
          if (attempt >= 3 || !(error instanceof ValidationFailed)) throw error;
        }
      }
    },

    async exportOne(userId: string, id: string): Promise<StrategyExport> {
      const view = strategyView(requireLive(userId, id));
      return {
        format: EXPORT_FORMAT,
        name: view.name,
        description: view.description,
        type: view.type,
        symbols: view.symbols,
        timeframe: view.timeframe,
        parameters: view.parameters,
        risk: view.risk,
      };
    },

    /** Validated like a create; starts disabled; a name in use becomes "<name> (imported)", made unique. */
    async importOne(userId: string, input: StrategyImport): Promise<StrategyView> {
      const fields: Omit<StrategyImport, "format"> = {
        name: input.name,
        description: input.description,
        type: input.type,
        symbols: input.symbols,
        timeframe: input.timeframe,
        parameters: input.parameters,
        risk: input.risk,
      };
      const { config, symbols } = await resolve(userId, fields, { checkName: false });
      return insert(userId, {
        name: uniqueName(userId, fields.name, " (imported)", true),
        description: fields.description ?? "",
        config,
        symbols,
        timeframe: fields.timeframe,
        enabled: false,
      });
    },
  };
}

export type StrategyStore = ReturnType<typeof createStrategyStore>;
