import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/http/errors";
import {
  checkbox,
  displayFromForm,
  exchangeFromForm,
  formFieldErrors,
  marketDataFromForm,
  notificationsFromForm,
  splitPairs,
  tradingFromForm,
} from "./form-input";
import { settingsUpdateSchema } from "./schemas";

const TRADING_FORM = {
  stake_currency: "usdt",
  default_pairs: "btc/usdt, SOL/USDT\nETH-USDT",
  paper_starting_balance: "25000",
  max_open_positions: "4",
  max_position_size_pct: "12.5",
  risk_per_trade_pct: "0.5",
  stop_loss_pct: "3.5",
  take_profit_pct: "7",
  trailing_stop_pct: "1.2",
  daily_loss_limit_pct: "",
  fee_rate: "0.00075",
  slippage_bps: "10",
};

/** What the action does: the group object, wrapped and validated by the API's own schema. */
function validate(group: "exchange" | "market_data" | "notifications" | "trading" | "display", value: unknown) {
  const parsed = settingsUpdateSchema.safeParse({ [group]: value });
  return parsed.success ? { data: parsed.data, fields: null } : { data: null, fields: formFieldErrors(fieldErrors(parsed.error), group) };
}

describe("trading form", () => {
  it("turns every field into the schema's types and validates", () => {
    const input = tradingFromForm(TRADING_FORM);
    expect(input).toEqual({
      stake_currency: "usdt",
      default_pairs: ["btc/usdt", "SOL/USDT", "ETH-USDT"],
      paper_starting_balance: 25000,
      max_open_positions: 4,
      max_position_size_pct: 12.5,
      risk_per_trade_pct: 0.5,
      stop_loss_pct: 3.5,
      take_profit_pct: 7,
      trailing_stop_pct: 1.2,
      daily_loss_limit_pct: null,
      fee_rate: 0.00075,
      slippage_bps: 10,
    });
    const { data } = validate("trading", input);
    expect(data?.trading?.stake_currency).toBe("USDT");
    expect(data?.trading?.default_pairs).toEqual(["BTC/USDT", "SOL/USDT", "ETH/USDT"]);
    expect(data?.trading?.daily_loss_limit_pct).toBeNull();
  });

  it("answers an empty required number with the schema's 'must be a number' message", () => {
    const { fields } = validate("trading", tradingFromForm({ ...TRADING_FORM, stop_loss_pct: "  ", take_profit_pct: "abc" }));
    expect(fields).toEqual({
      stop_loss_pct: ["The default stop-loss must be a number."],
      take_profit_pct: ["The take-profit must be a number."],
    });
  });

  it("reports a range error under the form's field name", () => {
    const { fields } = validate("trading", tradingFromForm({ ...TRADING_FORM, stop_loss_pct: "80" }));
    expect(fields).toEqual({ stop_loss_pct: ["The default stop-loss must be between 0.1% and 50%."] });
  });

  it("treats an empty nullable number as none and leaves absent fields out", () => {
    expect(tradingFromForm({ trailing_stop_pct: "", daily_loss_limit_pct: " " })).toEqual({ trailing_stop_pct: null, daily_loss_limit_pct: null });
    expect(tradingFromForm({})).toEqual({});
  });

  it("puts a bad pair's error under default_pairs with its position", () => {
    const { fields } = validate("trading", tradingFromForm({ ...TRADING_FORM, default_pairs: "BTC/USDT, nonsense" }));
    expect(fields).toEqual({ default_pairs: ["Pair 2: Use a pair like BTC/USDT."] });
    expect(validate("trading", tradingFromForm({ ...TRADING_FORM, default_pairs: " , " })).fields).toEqual({
      default_pairs: ["Keep at least one default pair."],
    });
  });

  it("splits pairs on commas, spaces and new lines", () => {
    expect(splitPairs(" BTC/USDT,ETH/USDT ;\n SOL/USDT ")).toEqual(["BTC/USDT", "ETH/USDT", "SOL/USDT"]);
    expect(splitPairs("")).toEqual([]);
  });
});

describe("secret fields", () => {
  it("omits an empty secret so the stored one is kept", () => {
    expect(exchangeFromForm({ id: "binance", mode: "paper", api_key: "", api_secret: "", passphrase: "" })).toEqual({ id: "binance", mode: "paper" });
    expect(marketDataFromForm({ coingecko_api_key: "" })).toEqual({});
    expect(notificationsFromForm({ telegram_bot_token: "", webhook_url: "" })).toEqual({ events: [] });
  });

  it("passes a typed secret on as is, so the schema can refuse stray spaces", () => {
    const input = exchangeFromForm({ api_key: "KEY123", api_secret: " padded " });
    expect(input).toEqual({ api_key: "KEY123", api_secret: " padded " });
    expect(validate("exchange", input).fields).toEqual({ api_secret: ["The API secret has spaces at the start or end."] });
  });

  it("never produces null for a secret: removal is a separate action", () => {
    const all = { ...exchangeFromForm({ api_key: "" }), ...marketDataFromForm({}), ...notificationsFromForm({ webhook_url: "" }) };
    expect(Object.values(all).includes(null)).toBe(false);
  });

  it("ignores uploaded files", () => {
    expect(marketDataFromForm({ coingecko_api_key: new Blob(["x"]) })).toEqual({});
  });
});

describe("notifications form", () => {
  it("collects ticked event boxes and clears an emptied chat id", () => {
    const input = notificationsFromForm({ telegram_chat_id: "", "events.fills": "on", "events.daily_summary": "on" });
    expect(input).toEqual({ telegram_chat_id: null, events: ["fills", "daily_summary"] });
    expect(validate("notifications", input).fields).toBeNull();
  });

  it("lets the schema refuse an unknown event", () => {
    const { fields } = validate("notifications", notificationsFromForm({ "events.everything": "on" }));
    expect(Object.keys(fields ?? {})).toEqual(["events"]);
    expect(fields?.events?.[0]).toMatch(/^Event 1: Events are fills, stops/);
  });
});

describe("display form and checkboxes", () => {
  it("passes the time zone and theme through for the schema to check", () => {
    expect(validate("display", displayFromForm({ time_zone: "Europe/Berlin", theme: "light" })).fields).toBeNull();
    expect(validate("display", displayFromForm({ time_zone: "Mars/Olympus", theme: "dark" })).fields).toEqual({
      time_zone: ["Use an IANA time zone such as Europe/Berlin or UTC."],
    });
  });

  it("reads a checkbox as ticked only when present", () => {
    expect(checkbox({ include_secrets: "on" }, "include_secrets")).toBe(true);
    expect(checkbox({}, "include_secrets")).toBe(false);
  });
});

describe("formFieldErrors", () => {
  it("strips the group, merges list items and keeps other paths", () => {
    expect(
      formFieldErrors(
        {
          "trading.default_pairs.0": ["SOL/BTC is not quoted in the stake currency USDT."],
          "trading.default_pairs.2": ["Use a pair like BTC/USDT."],
          "trading.stake_currency": ["Use a currency code like USDT."],
          "exchange.mode": ["Live trading is disabled."],
          _root: ["Some fields are invalid."],
        },
        "trading",
      ),
    ).toEqual({
      default_pairs: ["SOL/BTC is not quoted in the stake currency USDT.", "Pair 3: Use a pair like BTC/USDT."],
      stake_currency: ["Use a currency code like USDT."],
      "exchange.mode": ["Live trading is disabled."],
      _root: ["Some fields are invalid."],
    });
  });
});
