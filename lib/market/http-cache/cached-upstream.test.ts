import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAlternativeMe, type FakeAlternativeMe } from "@/e2e/fixtures/fake-alternative-me";
import { fetchFearGreed } from "@/lib/market/sentiment/alternative-me";
import { createCachedUpstream } from "./cached-upstream";

const T0 = 1_764_201_600;
const TTL = 5 * 60_000;

let fake: FakeAlternativeMe;
let clock: number;
const now = () => clock;

beforeAll(async () => {
  fake = await startFakeAlternativeMe({ points: [{ value: 40, timestamp: T0 }] });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.setFailure("none");
  fake.setPoints([{ value: 40, timestamp: T0 }]);
  fake.requests.length = 0;
  clock = 1_000_000;
});

function fearGreedCache(errors: unknown[] = []) {
  return createCachedUpstream({
    name: "fear-greed",
    ttlMs: TTL,
    fetch: async () => (await fetchFearGreed({ baseUrl: fake.url, timeoutMs: 300 }))[0],
    asOf: (reading) => reading.as_of,
    breaker: { failureThreshold: 3, openMs: 30_000 },
    now,
    onError: (e) => errors.push(e),
  });
}

describe("createCachedUpstream", () => {
  it("returns null when nothing good was ever fetched", async () => {
    fake.setFailure("http500");
    const errors: unknown[] = [];
    const cache = fearGreedCache(errors);
    expect(await cache.get()).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it("answers null at once while open when nothing good was ever fetched", async () => {
    fake.setFailure("http500");
    const cache = fearGreedCache();
    for (let i = 0; i < 3; i++) expect(await cache.get()).toBeNull();
    expect(cache.breakerState()).toBe("open");
    expect(await cache.get()).toBeNull();
    expect(fake.requests).toHaveLength(3);
  });

  it("serves from cache within the TTL and refetches after it", async () => {
    const cache = fearGreedCache();
    const first = await cache.get();
    expect(first).toMatchObject({ stale: false, as_of: T0 * 1000, data: { value: 40 } });
    clock += TTL - 1;
    expect(await cache.get()).toEqual(first);
    expect(fake.requests).toHaveLength(1);

    fake.setPoints([{ value: 55, timestamp: T0 + 86_400 }]);
    clock += 1;
    expect(await cache.get()).toMatchObject({ stale: false, as_of: (T0 + 86_400) * 1000, data: { value: 55 } });
    expect(fake.requests).toHaveLength(2);
  });

  it("serves the last good value as stale, with its original as_of, when a refresh fails", async () => {
    const cache = fearGreedCache();
    await cache.get();
    fake.setFailure("malformed");
    clock += TTL;
    expect(await cache.get()).toEqual({ stale: true, as_of: T0 * 1000, data: expect.objectContaining({ value: 40 }) });
    expect(cache.breakerState()).toBe("closed");
  });

  it("opens the breaker after N failures and stops calling upstream until openMs passes", async () => {
    const cache = fearGreedCache();
    await cache.get();
    fake.setFailure("timeout");
    clock += TTL;
    for (let i = 0; i < 3; i++) expect(await cache.get()).toMatchObject({ stale: true, as_of: T0 * 1000 });
    expect(fake.requests).toHaveLength(4);
    expect(cache.breakerState()).toBe("open");

    const started = Date.now();
    for (let i = 0; i < 5; i++) expect(await cache.get()).toMatchObject({ stale: true, as_of: T0 * 1000 });
    expect(Date.now() - started).toBeLessThan(100);
    clock += 29_999;
    expect(await cache.get()).toMatchObject({ stale: true });
    expect(fake.requests).toHaveLength(4);
  });

  it("makes one trial call when half-open: failure re-opens, success closes", async () => {
    const cache = fearGreedCache();
    await cache.get();
    fake.setFailure("http500");
    clock += TTL;
    for (let i = 0; i < 3; i++) await cache.get();
    expect(cache.breakerState()).toBe("open");

    clock += 30_000;
    expect(cache.breakerState()).toBe("half-open");
    expect(await cache.get()).toMatchObject({ stale: true });
    expect(fake.requests).toHaveLength(5);
    // One failed trial is enough to re-open.
    expect(cache.breakerState()).toBe("open");
    await cache.get();
    expect(fake.requests).toHaveLength(5);

    clock += 30_000;
    fake.setFailure("none");
    fake.setPoints([{ value: 70, timestamp: T0 + 86_400 }]);
    expect(await cache.get()).toMatchObject({ stale: false, data: { value: 70 }, as_of: (T0 + 86_400) * 1000 });
    expect(cache.breakerState()).toBe("closed");
    expect(fake.requests).toHaveLength(6);
  });

  it("coalesces concurrent refreshes into one upstream call", async () => {
    const cache = fearGreedCache();
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get()));
    expect(fake.requests).toHaveLength(1);
    expect(new Set(results.map((r) => r?.data.value))).toEqual(new Set([40]));

    clock += TTL;
    fake.setFailure("http500");
    const stale = await Promise.all(Array.from({ length: 10 }, () => cache.get()));
    expect(fake.requests).toHaveLength(2);
    expect(stale.every((r) => r?.stale === true)).toBe(true);
  });

  it("defaults as_of to the fetch time and survives a throwing onError", async () => {
    let calls = 0;
    const cache = createCachedUpstream({
      name: "plain",
      ttlMs: 1000,
      now,
      fetch: async () => {
        calls += 1;
        if (calls > 1) throw new Error("down");
        return "ok";
      },
      onError: () => {
        throw new Error("logger broke");
      },
    });
    expect(await cache.get()).toEqual({ data: "ok", stale: false, as_of: 1_000_000 });
    clock += 5000;
    expect(await cache.get()).toEqual({ data: "ok", stale: true, as_of: 1_000_000 });
  });

  it("rejects nonsensical options", () => {
    const fetch = async () => 1;
    expect(() => createCachedUpstream({ name: "x", ttlMs: -1, fetch })).toThrow(RangeError);
    expect(() => createCachedUpstream({ name: "x", ttlMs: 1, fetch, breaker: { failureThreshold: 0 } })).toThrow(RangeError);
  });
});

describe("peek", () => {
  it("never calls the upstream and marks a value past its TTL stale", async () => {
    const cache = fearGreedCache();
    expect(cache.peek()).toBeNull();
    expect(fake.requests.length).toBe(0);
    await cache.get();
    expect(cache.peek()).toMatchObject({ stale: false, data: { value: 40 } });
    clock += TTL;
    expect(cache.peek()).toMatchObject({ stale: true, data: { value: 40 } });
    expect(fake.requests.length).toBe(1);
  });
});
