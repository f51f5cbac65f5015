import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FAKE_GLOBAL, DEFAULT_FAKE_TRENDING, startFakeCoinGecko, type FakeCoinGecko } from "@/e2e/fixtures/fake-coingecko";
import { UpstreamError } from "@/lib/market/http-cache/fetch-json";
import { coinGeckoKeyHeader, resolveCoinGeckoKey } from "./api-key";
import { fetchGlobal, fetchTrending, parseTrendingBody } from "./client";

const GOOD_KEY = "CG-goodDemoKey7Qm2xLp9";
const BAD_KEY = "CG-badDemoKey4Zr8wNt1";

let fake: FakeCoinGecko;

beforeAll(async () => {
  fake = await startFakeCoinGecko({ badKeys: [BAD_KEY] });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.setFailure("none");
  fake.requests.length = 0;
});

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("fetchGlobal", () => {
  it("maps /global and sends the demo key header", async () => {
    const global = await fetchGlobal({ baseUrl: fake.url, apiKey: GOOD_KEY });
    expect(global).toEqual({
      total_market_cap: DEFAULT_FAKE_GLOBAL.total_market_cap_usd,
      total_volume_24h: DEFAULT_FAKE_GLOBAL.total_volume_usd,
      btc_dominance: DEFAULT_FAKE_GLOBAL.btc_dominance,
      as_of: DEFAULT_FAKE_GLOBAL.updated_at * 1000,
      source: "coingecko",
    });
    expect(fake.requests).toEqual([{ method: "GET", path: "/api/v3/global", query: {}, keyHeader: "x-cg-demo-api-key", apiKey: GOOD_KEY }]);
  });

  it("sends no key header without a key", async () => {
    await fetchGlobal({ baseUrl: fake.url });
    expect(fake.requests[0]).toMatchObject({ keyHeader: null, apiKey: null });
  });

  it("reports a rejected key without the key", async () => {
    const error = await failure(fetchGlobal({ baseUrl: fake.url, apiKey: BAD_KEY }));
    expect(error).toMatchObject({ kind: "http", status: 401 });
    expect(error.message).toContain("10002");
    expect(error.message).not.toContain(BAD_KEY);
  });

  it("scrubs the key when CoinGecko echoes it back", async () => {
    fake.setFailure("echo");
    const error = await failure(fetchGlobal({ baseUrl: fake.url, apiKey: GOOD_KEY }));
    expect(fake.requests[0].apiKey).toBe(GOOD_KEY);
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(GOOD_KEY);
    expect(JSON.stringify(error)).not.toContain(GOOD_KEY);
  });

  it("passes Retry-After on through a 429", async () => {
    fake.setFailure("http429", { retryAfterSeconds: 42 });
    const error = await failure(fetchGlobal({ baseUrl: fake.url, apiKey: GOOD_KEY }));
    expect(error).toMatchObject({ kind: "http", status: 429, retryAfterMs: 42_000 });
    expect(error.message).toContain("Rate Limit");
  });

  it("turns a truncated body into an error", async () => {
    fake.setFailure("malformed");
    expect(await failure(fetchGlobal({ baseUrl: fake.url }))).toMatchObject({ kind: "malformed" });
  });

  it("rejects a /global body missing the numbers we show", async () => {
    fake.setGlobal({ ...DEFAULT_FAKE_GLOBAL, btc_dominance: Number.NaN });
    try {
      expect(await failure(fetchGlobal({ baseUrl: fake.url }))).toMatchObject({ kind: "malformed" });
    } finally {
      fake.setGlobal(DEFAULT_FAKE_GLOBAL);
    }
  });
});

describe("fetchTrending", () => {
  it("keeps the stable fields of /search/trending", async () => {
    const trending = await fetchTrending({ baseUrl: fake.url, apiKey: GOOD_KEY, now: () => 1234 });
    expect(fake.requests[0]).toMatchObject({ path: "/api/v3/search/trending", keyHeader: "x-cg-demo-api-key" });
    expect(trending.source).toBe("coingecko");
    expect(trending.as_of).toBe(1234);
    expect(trending.coins).toHaveLength(DEFAULT_FAKE_TRENDING.length);
    expect(trending.coins[0]).toEqual({
      id: "pepe",
      coin_id: 29850,
      name: "Pepe",
      symbol: "PEPE",
      market_cap_rank: 27,
      thumb: "https://coin-images.coingecko.com/coins/images/29850/thumb/pepe.png",
      price_btc: 1.2e-10,
      price_usd: 0.0000115,
      price_change_percentage_24h_usd: 8.4,
      score: 0,
    });
    expect(trending.coins[2].market_cap_rank).toBeNull();
  });

  it("reads prices sent as display strings and tolerates a missing data block", () => {
    const parsed = parseTrendingBody(
      {
        coins: [
          { item: { id: "a", coin_id: 1, name: "A", symbol: "A", market_cap_rank: 1, thumb: "t", price_btc: 0.5, score: 0, data: { price: "$1,234.50" } } },
          { item: { id: "b", name: "B", symbol: "B", score: 1 } },
        ],
      },
      0,
    );
    expect(parsed.coins[0].price_usd).toBe(1234.5);
    expect(parsed.coins[1]).toMatchObject({ coin_id: null, price_usd: null, price_btc: null, price_change_percentage_24h_usd: null });
  });

  it("rejects a body that is not a trending list", () => {
    expect(() => parseTrendingBody({ coins: [{ item: { name: "no id" } }] }, 0)).toThrow(UpstreamError);
    expect(() => parseTrendingBody({ error: "x" }, 0)).toThrow(UpstreamError);
  });
});

describe("API key selection", () => {
  it("uses the pro header only for the pro host", () => {
    expect(coinGeckoKeyHeader("https://api.coingecko.com/api/v3")).toBe("x-cg-demo-api-key");
    expect(coinGeckoKeyHeader("https://pro-api.coingecko.com/api/v3")).toBe("x-cg-pro-api-key");
    expect(coinGeckoKeyHeader("not a url")).toBe("x-cg-demo-api-key");
  });

  it("prefers the server key and falls back to the user's", () => {
    expect(resolveCoinGeckoKey("server", "user")).toBe("server");
    expect(resolveCoinGeckoKey(undefined, " user ")).toBe("user");
    expect(resolveCoinGeckoKey("  ", "user")).toBe("user");
    expect(resolveCoinGeckoKey(null, "")).toBeUndefined();
  });
});
