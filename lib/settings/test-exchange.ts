import "server-only";
import ccxt, { type Exchange } from "ccxt";
import { createExchange, type ExchangeOverrides } from "@/lib/exchange/client";
import { callExchange, ExchangeError } from "@/lib/exchange/errors";
import { scrubSecrets } from "@/lib/exchange/scrub";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

export type TestExchangeInput = {
  exchangeId: string;
  apiKey: string;
  apiSecret: string;
  passphrase?: string;
  mode: "paper" | "live";
};

export type TestExchangeResult = {
  ok: boolean;
  result: "ok" | "invalid_key" | "missing_permission" | "unreachable";
  can_withdraw: boolean | null;
  ip_restricted: boolean | null;
  message: string;
};

type KeyRestrictions = { canRead: boolean; canTrade: boolean; canWithdraw: boolean; ipRestricted: boolean };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Exchanges that report what a key may do. ccxt has no unified call for it, so each is read from
 * the exchange's own endpoint; an exchange missing here gets null flags and a reminder instead.
 */
const RESTRICTION_READERS: Record<string, (exchange: Exchange) => Promise<KeyRestrictions>> = {
  async binance(exchange) {
    const body: unknown = await (exchange as InstanceType<typeof ccxt.binance>).sapiGetAccountApiRestrictions();
    // ccxt hands back the raw text when a 200 body is not JSON; that is a broken answer, not a key without flags.
    if (!isRecord(body) || typeof body.enableWithdrawals !== "boolean" || typeof body.ipRestrict !== "boolean") {
      throw new ccxt.BadResponse("binance apiRestrictions answer is not the expected JSON object");
    }
    return {
      canRead: body.enableReading !== false,
      canTrade: body.enableSpotAndMarginTrading === true,
      canWithdraw: body.enableWithdrawals,
      ipRestricted: body.ipRestrict,
    };
  },
};

const WITHDRAWALS =
  "Disable withdrawals on this key: AutoCbot never needs them, and a leaked key that can withdraw can empty the account.";

function egressIp(): string {
  return env().PUBLIC_EGRESS_IP ?? "your server's public IP";
}

function ipWarning(name: string): string {
  return (
    `This key has no IP whitelist: restrict it to ${egressIp()} in ${name}'s API management, ` +
    "so a leaked key is useless anywhere else."
  );
}

/** A sentence a trader can act on, for each way the exchange call can fail. */
function failureMessage(err: ExchangeError, name: string, timeoutMs: number): string {
  switch (err.source) {
    case "RequestTimeout":
      return (
        `${name} did not answer within ${Math.round(timeoutMs / 100) / 10} s. ` +
        "Try again; if it keeps happening, check this server's internet connection."
      );
    case "ExchangeNotAvailable":
    case "OnMaintenance":
      return `${name} is not available right now (it answered with a server error). Try again in a few minutes.`;
    case "InvalidNonce":
      return `This server's clock is out of step with ${name}'s. Synchronise it (for example with NTP) and try again.`;
  }
  switch (err.kind) {
    case "rate_limited":
      return `${name} is limiting this server's requests right now. Wait a minute and try again.`;
    case "unreachable":
      return `Could not reach ${name} from this server. Check its internet connection and firewall.`;
    case "temporary":
      return `${name} sent an answer AutoCbot could not read. Try again in a few minutes.`;
    default:
      return `${name} refused the test request: ${err.exchangeMessage ?? err.message}`;
  }
}

function invalidKeyMessage(err: ExchangeError, name: string): string {
  if (err.exchangeCode === "-1022") {
    return `${name} says the API secret does not belong to this key. Paste the secret shown when the key was created.`;
  }
  return (
    `${name} does not accept this API key. Check that it was copied completely and has not been deleted; ` +
    `if it has an IP whitelist, the whitelist must include ${egressIp()}.`
  );
}

/**
 * Checks a key the way live trading will use it: reads the balances (needs the reading permission),
 * then the key's own restrictions. Nothing is stored here, and every message is scrubbed of the key,
 * secret and passphrase, since exchanges sometimes echo request details back in their errors.
 */
export async function testExchangeConnection(
  input: TestExchangeInput,
  overrides: ExchangeOverrides = {},
): Promise<TestExchangeResult> {
  const secrets = [input.apiKey, input.apiSecret, input.passphrase];
  const credentials = { apiKey: input.apiKey, secret: input.apiSecret, password: input.passphrase };
  const exchange = createExchange(input.exchangeId, credentials, overrides);
  const name = exchange.name ?? input.exchangeId;
  const reader = RESTRICTION_READERS[exchange.id];
  const live = input.mode === "live";

  const done = (result: TestExchangeResult, err?: ExchangeError): TestExchangeResult => {
    const out = { ...result, message: scrubSecrets(result.message, secrets) };
    logger().info(
      {
        exchange: exchange.id,
        mode: input.mode,
        result: out.result,
        ok: out.ok,
        error: err ? { kind: err.kind, source: err.source, code: err.exchangeCode, message: err.message } : undefined,
      },
      "exchange key tested",
    );
    return out;
  };
  const fail = (result: TestExchangeResult["result"], message: string, err?: ExchangeError) =>
    done({ ok: false, result, can_withdraw: null, ip_restricted: null, message }, err);

  let account: Record<string, unknown>;
  try {
    account = await callExchange(async () => {
      const balance = await exchange.fetchBalance();
      if (!isRecord(balance.info)) throw new ccxt.BadResponse(`${exchange.id} balance answer is not a JSON object`);
      return balance.info;
    }, secrets);
  } catch (err) {
    if (!(err instanceof ExchangeError)) throw err;
    if (err.kind === "auth" || err.kind === "permission") {
      // The same refusal means "unknown key" or "key without reading permission": the key's own
      // restrictions, when the exchange shows them, tell the two apart.
      const restrictions = reader ? await reader(exchange).catch(() => null) : null;
      if (err.kind === "permission" || (restrictions && !restrictions.canRead)) {
        return done(
          {
            ok: false,
            result: "missing_permission",
            can_withdraw: restrictions?.canWithdraw ?? null,
            ip_restricted: restrictions?.ipRestricted ?? null,
            message: `This key may not read the account. Turn on "Enable Reading" for it in ${name}'s API management.`,
          },
          err,
        );
      }
      return fail("invalid_key", invalidKeyMessage(err, name), err);
    }
    return fail("unreachable", failureMessage(err, name, exchange.timeout), err);
  }

  let restrictions: KeyRestrictions | null = null;
  const notes: string[] = [];
  if (reader) {
    try {
      restrictions = await callExchange(() => reader(exchange), secrets);
    } catch (err) {
      if (!(err instanceof ExchangeError)) throw err;
      if (err.kind !== "auth" && err.kind !== "permission") {
        return fail(
          "unreachable",
          `Read the balances, but not the key's permissions. ${failureMessage(err, name, exchange.timeout)}`,
          err,
        );
      }
      const unconfirmed =
        `${name} did not show this key's permissions, ` +
        "so AutoCbot could not confirm that withdrawals are disabled.";
      if (live) {
        const message = `${unconfirmed} Live trading needs that confirmation.`;
        return done({ ok: false, result: "ok", can_withdraw: null, ip_restricted: null, message }, err);
      }
      notes.push(unconfirmed);
    }
  } else {
    notes.push(
      `AutoCbot cannot check this key's permissions on ${name}: ` +
        `make sure withdrawals are disabled and the key is limited to ${egressIp()}.`,
    );
  }

  const canTrade = account.canTrade !== false && (restrictions?.canTrade ?? true);
  const can_withdraw = restrictions?.canWithdraw ?? null;
  const ip_restricted = restrictions?.ipRestricted ?? null;

  if (live && !canTrade) {
    return done({
      ok: false,
      result: "missing_permission",
      can_withdraw,
      ip_restricted,
      message:
        "This key may read but not trade. " +
        `Turn on "Enable Spot & Margin Trading" for it in ${name}'s API management.`,
    });
  }

  let ok = true;
  if (can_withdraw) {
    if (live) {
      ok = false;
      notes.unshift(`${WITHDRAWALS} Live trading refuses this key until then.`);
    } else {
      notes.unshift(`${WITHDRAWALS} Paper trading works with it; live trading will refuse it.`);
    }
  }
  if (!canTrade) notes.push(`It cannot trade: turn on "Enable Spot & Margin Trading" before switching to live mode.`);
  if (ip_restricted === false) notes.push(ipWarning(name));

  const headline = `Connected to ${name}: the key can read the account${canTrade ? " and trade spot" : ""}.`;
  return done({ ok, result: "ok", can_withdraw, ip_restricted, message: [headline, ...notes].join(" ") });
}
