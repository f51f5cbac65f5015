import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeAccount, startFakeExchange, type FakeAccount, type FakeExchange } from "@/e2e/fixtures/fake-exchange";
import { testExchangeConnection, type TestExchangeInput, type TestExchangeResult } from "./test-exchange";

// Blank counts as unset; pinned before the first env() call so a developer's shell cannot leak in.
process.env.PUBLIC_EGRESS_IP = "";

const token = () => randomBytes(32).toString("hex");
const account = fakeAccount;

const good = account();
const withdraws = account({ enableWithdrawals: true });
const open = account({ ipRestrict: false });
const readOnly = account({ enableSpotAndMarginTrading: false });
const blind = account({ enableReading: false });
// Not token-shaped, so only scrubbing by value can hide them.
const plain = account({ apiKey: "alice-key.v1", secret: "correct horse battery staple" });
const all = [good, withdraws, open, readOnly, blind, plain];

let fake: FakeExchange;
const messages: { text: string; secrets: string[] }[] = [];

beforeAll(async () => {
  fake = await startFakeExchange({ accounts: all });
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => fake.setFailure("none"));

async function check(
  acc: Pick<FakeAccount, "apiKey" | "secret">,
  mode: TestExchangeInput["mode"] = "live",
  timeoutMs?: number,
) {
  const result = await testExchangeConnection(
    { exchangeId: "binance", apiKey: acc.apiKey, apiSecret: acc.secret, mode },
    { baseUrl: fake.url, timeoutMs },
  );
  messages.push({ text: result.message, secrets: [acc.apiKey, acc.secret] });
  return result;
}

describe("testExchangeConnection", () => {
  it("accepts a well-configured key", async () => {
    const result = await check(good);
    expect(result).toEqual<TestExchangeResult>({
      ok: true,
      result: "ok",
      can_withdraw: false,
      ip_restricted: true,
      message: "Connected to Binance: the key can read the account and trade spot.",
    });
  });

  it("reports a wrong secret and an unknown key as invalid_key", async () => {
    const wrongSecret = await check({ apiKey: good.apiKey, secret: token() });
    expect(wrongSecret).toMatchObject({ ok: false, result: "invalid_key", can_withdraw: null, ip_restricted: null });
    expect(wrongSecret.message).toContain("secret does not belong to this key");

    const unknown = await check({ apiKey: token(), secret: token() });
    expect(unknown).toMatchObject({ ok: false, result: "invalid_key" });
    expect(unknown.message).toContain("does not accept this API key");
  });

  it("refuses a key that can withdraw for live trading and warns in paper mode", async () => {
    const live = await check(withdraws, "live");
    expect(live).toMatchObject({ ok: false, result: "ok", can_withdraw: true });
    expect(live.message).toContain(
      "Disable withdrawals on this key: AutoCbot never needs them, and a leaked key that can withdraw can empty the account.",
    );
    expect(live.message).toContain("Live trading refuses this key");

    const paper = await check(withdraws, "paper");
    expect(paper).toMatchObject({ ok: true, result: "ok", can_withdraw: true });
    expect(paper.message).toContain("Disable withdrawals on this key");
    expect(paper.message).toContain("Paper trading works with it");
  });

  it("warns about a key without an IP whitelist, naming the IP to allow", async () => {
    const result = await check(open);
    expect(result).toMatchObject({ ok: true, result: "ok", ip_restricted: false });
    expect(result.message).toContain("This key has no IP whitelist: restrict it to your server's public IP");
  });

  it("names PUBLIC_EGRESS_IP when it is set", async () => {
    vi.resetModules();
    process.env.PUBLIC_EGRESS_IP = "203.0.113.7";
    try {
      const fresh = await import("./test-exchange");
      const result = await fresh.testExchangeConnection(
        { exchangeId: "binance", apiKey: open.apiKey, apiSecret: open.secret, mode: "live" },
        { baseUrl: fake.url },
      );
      expect(result.message).toContain("restrict it to 203.0.113.7 in Binance's API management");
    } finally {
      process.env.PUBLIC_EGRESS_IP = "";
      vi.resetModules();
    }
  });

  it("needs trading permission for live mode only", async () => {
    const live = await check(readOnly, "live");
    expect(live).toMatchObject({ ok: false, result: "missing_permission", can_withdraw: false, ip_restricted: true });
    expect(live.message).toContain("Enable Spot & Margin Trading");

    const paper = await check(readOnly, "paper");
    expect(paper).toMatchObject({ ok: true, result: "ok" });
    expect(paper.message).toContain("It cannot trade");
  });

  it("tells a key without reading permission from an unknown key", async () => {
    const result = await check(blind);
    expect(result).toMatchObject({ ok: false, result: "missing_permission", can_withdraw: false, ip_restricted: true });
    expect(result.message).toContain("Enable Reading");
  });

  it.each([
    ["timeout", "did not answer within 0.5 s"],
    ["http500", "is not available right now"],
    ["http429", "is limiting this server's requests"],
    ["malformed", "sent an answer AutoCbot could not read"],
  ] as const)("reports %s as unreachable", async (mode, text) => {
    fake.setFailure(mode);
    const result = await check(good, "live", 500);
    expect(result).toMatchObject({ ok: false, result: "unreachable", can_withdraw: null, ip_restricted: null });
    expect(result.message).toContain(text);
  });

  it("reports a malformed restrictions answer as unreachable, not as a key without flags", async () => {
    fake.setFailure("malformed", { path: "/sapi/" });
    const result = await check(good);
    expect(result).toMatchObject({ ok: false, result: "unreachable" });
    expect(result.message).toContain("Read the balances, but not the key's permissions.");
  });

  it("reports an unreachable server", async () => {
    const result = await testExchangeConnection(
      { exchangeId: "binance", apiKey: good.apiKey, apiSecret: good.secret, mode: "paper" },
      { baseUrl: "http://127.0.0.1:1", timeoutMs: 1000 },
    );
    expect(result).toMatchObject({ ok: false, result: "unreachable" });
    expect(result.message).toContain("Binance");
  });

  it("scrubs the key and secret an exchange echoes back", async () => {
    for (const path of ["/api/v3/account", "/sapi/v1/account/apiRestrictions"]) {
      fake.setFailure("echo", { path });
      const result = await check(plain);
      expect(result).toMatchObject({ ok: false, result: "unreachable" });
      expect(result.message).toContain("Illegal characters found in a parameter");
      expect(result.message).toContain("with key [redacted] and secret [redacted]");
      expect(result.message).not.toMatch(/signature=[0-9a-f]{64}/);
    }
  });

  it("never returns a user's key or secret in any message", () => {
    expect(messages.length).toBeGreaterThan(10);
    for (const { text, secrets } of messages) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
