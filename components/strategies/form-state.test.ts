import { describe, expect, it } from "vitest";
import { describeStrategyTypes, parseStrategyConfig } from "@/lib/strategies/registry";
import { addPairs, errorsUnder, fieldDomId, formConfig, initialDraft, normalizePair, pathPrefixes, requestBody, type NumberDraft } from "./form-state";
import { idSource } from "./rules-draft";

const config = formConfig(describeStrategyTypes());

describe("formConfig", () => {
  it("has every type, schema fields for the fixed ones and a catalogue for rules", () => {
    const type = (name: string) => config.types.find((t) => t.type === name)!;
    expect(config.types.map((t) => t.type)).toEqual(expect.arrayContaining(["ma_cross", "momentum", "breakout", "mean_reversion", "rules"]));
    expect(type("ma_cross").fields.map((f) => f.key)).toEqual(["ma_type", "fast_period", "slow_period"]);
    expect(type("rules").rules?.indicators.length).toBeGreaterThan(5);
    expect(type("rules").fields).toEqual([]);
    expect(type("mean_reversion").canShort).toBe(false);
    expect(config.riskFields.map((f) => f.key)).toContain("allow_short");
  });
});

describe("requestBody", () => {
  it("builds a create body from defaults, with the risk the page prefilled", () => {
    const draft = initialDraft(config, { riskDefaults: { position_size_pct: 25, max_open_trades: 3, stop_loss_pct: 5, take_profit_pct: null }, nextId: idSource("c") });
    draft.name = "  BTC trend ";
    draft.symbols = ["BTC/USDT"];
    const { body, errors } = requestBody(config, draft);
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: "BTC trend",
      description: "",
      type: "ma_cross",
      symbols: ["BTC/USDT"],
      timeframe: "1h",
      parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
      risk: { position_size_pct: 25, max_open_trades: 3, stop_loss_pct: 5, take_profit_pct: null, trailing_stop_pct: null, allow_short: false },
    });
    expect(() => parseStrategyConfig({ type: body.type, parameters: body.parameters, risk: body.risk })).not.toThrow();
  });

  it("flags a missing name, no pairs and an emptied number under the API's paths", () => {
    const draft = initialDraft(config, { nextId: idSource("c") });
    (draft.params.ma_cross.fast_period as NumberDraft).text = "";
    (draft.risk.position_size_pct as NumberDraft).text = "x";
    const { errors } = requestBody(config, draft);
    expect(Object.keys(errors).sort()).toEqual(["name", "parameters.fast_period", "risk.position_size_pct", "symbols"]);
  });

  it("sends null for a field ticked none, and the typed number once unticked", () => {
    const draft = initialDraft(config, { nextId: idSource("c") });
    draft.type = "momentum";
    expect(requestBody(config, draft).body.parameters.trend_ema_period).toBe(200);
    (draft.params.momentum.trend_ema_period as NumberDraft).none = true;
    expect(requestBody(config, draft).body.parameters.trend_ema_period).toBeNull();
  });

  it("keeps each type's edits while switching, and drops allow_short for a long-only type", () => {
    const draft = initialDraft(config, { nextId: idSource("c") });
    (draft.params.ma_cross.fast_period as NumberDraft).text = "7";
    draft.risk.allow_short = true;
    draft.type = "mean_reversion";
    const mr = requestBody(config, draft).body;
    expect(mr.risk.allow_short).toBe(false);
    expect(mr.parameters.roi_table).toEqual([
      { after_minutes: 0, pct: 10 },
      { after_minutes: 20, pct: 5 },
      { after_minutes: 40, pct: 3 },
      { after_minutes: 60, pct: 1 },
    ]);
    draft.type = "ma_cross";
    expect(requestBody(config, draft).body.parameters.fast_period).toBe(7);
  });

  it("edits a stored rules strategy without losing its conditions", () => {
    const stored = {
      type: "rules",
      name: "RSI dip",
      description: "d",
      symbols: ["ETH/USDT"],
      timeframe: "4h",
      parameters: {
        entry: { combine: "all", conditions: [{ left: { kind: "indicator", name: "rsi", params: { period: 14 }, output: "value" }, op: "<", right: { kind: "constant", value: 30 } }] },
        exit: { combine: "any", conditions: [] },
        short_entry: null,
        short_exit: null,
      },
      risk: { position_size_pct: 50, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: 10, trailing_stop_pct: null, allow_short: false },
    };
    const draft = initialDraft(config, { strategy: stored, nextId: idSource("c") });
    const { body, errors } = requestBody(config, draft);
    expect(errors).toEqual({});
    const { name: _n, description: _d, symbols: _s, timeframe: _t, ...rest } = body;
    expect(rest).toEqual({ type: "rules", parameters: stored.parameters, risk: stored.risk });
  });
});

describe("pairs and paths", () => {
  it("normalises pairs like the API", () => {
    expect(normalizePair(" btc-usdt ")).toBe("BTC/USDT");
    expect(normalizePair("ETH/USDT")).toBe("ETH/USDT");
    expect(normalizePair("BTCUSDT")).toBeNull();
    expect(normalizePair("BTC/US DT")).toBeNull();
  });

  it("maps dotted paths to element ids and collects nested errors", () => {
    expect(fieldDomId("parameters.entry.conditions.0.left.params.period")).toBe("sf-parameters-entry-conditions-0-left-params-period");
    expect(pathPrefixes("symbols.1")).toEqual(["symbols.1", "symbols"]);
    expect(errorsUnder({ symbols: ["a"], "symbols.1": ["b"], symbolsx: ["c"] }, "symbols")).toEqual(["a", "b"]);
  });
});

describe("addPairs", () => {
  it("adds typed and pasted pairs once each and words what it could not add", () => {
    expect(addPairs([], "btc-usdt")).toEqual({ symbols: ["BTC/USDT"], problem: null });
    expect(addPairs(["BTC/USDT"], "eth/usdt, BTC/USDT; nope sol/usdt")).toEqual({
      symbols: ["BTC/USDT", "ETH/USDT", "SOL/USDT"],
      problem: "nope is not a pair like BTC/USDT. BTC/USDT is already in the list.",
    });
    expect(addPairs([], "  ")).toEqual({ symbols: [], problem: null });
  });
});
