import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAlternativeMe, type FakeAlternativeMe } from "@/e2e/fixtures/fake-alternative-me";
import { UpstreamError } from "@/lib/market/http-cache/fetch-json";
import { fetchFearGreed, parseFearGreedBody } from "./alternative-me";

const DAY = 86_400;
const T0 = 1_764_201_600; // 2025-11-27T00:00:00Z

let fake: FakeAlternativeMe;

beforeAll(async () => {
  fake = await startFakeAlternativeMe({
    points: [
      { value: 24, timestamp: T0 - 2 * DAY },
      // alternative.me calls 50 "Neutral" like us, but 48 is Neutral to them and Fear to us.
      { value: 48, timestamp: T0 - DAY },
      { value: 76, timestamp: T0, value_classification: "Extreme Greed" },
    ],
  });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.setFailure("none");
  fake.requests.length = 0;
});

describe("fetchFearGreed against the fake", () => {
  it("asks for JSON with Unix timestamps and returns the newest reading by default", async () => {
    const readings = await fetchFearGreed({ baseUrl: fake.url });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ path: "/fng/", query: { limit: "1", format: "json", date_format: "" } });
    expect(readings).toEqual([
      { value: 76, classification: "Extreme Greed", provider_classification: "Extreme Greed", as_of: T0 * 1000, source: "alternative.me" },
    ]);
  });

  it("keeps the provider's label but classifies with our bands", async () => {
    const readings = await fetchFearGreed({ baseUrl: `${fake.url}/`, limit: 0 });
    expect(fake.requests[0].query.limit).toBe("0");
    expect(readings.map((r) => r.as_of)).toEqual([T0 * 1000, (T0 - DAY) * 1000, (T0 - 2 * DAY) * 1000]);
    const mid = readings[1];
    expect(mid.value).toBe(48);
    expect(mid.provider_classification).toBe("Neutral");
    expect(mid.classification).toBe("Fear");
    expect(readings[2].classification).toBe("Extreme Fear");
  });

  it.each(["malformed", "wrongShape", "error"] as const)("turns a %s answer into an error, not a value", async (mode) => {
    fake.setFailure(mode);
    const error = await fetchFearGreed({ baseUrl: fake.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe("malformed");
  });

  it("reports an HTTP failure with its status", async () => {
    fake.setFailure("http500");
    const error = (await fetchFearGreed({ baseUrl: fake.url }).catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "http", status: 500 });
  });

  it("gives up after timeoutMs when the upstream never answers", async () => {
    fake.setFailure("timeout");
    const started = Date.now();
    const error = (await fetchFearGreed({ baseUrl: fake.url, timeoutMs: 200 }).catch((e: unknown) => e)) as UpstreamError;
    expect(error).toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects a bad limit before calling", async () => {
    await expect(fetchFearGreed({ baseUrl: fake.url, limit: -1 })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("parseFearGreedBody", () => {
  const body = (data: unknown[]) => ({ name: "Fear and Greed Index", data, metadata: { error: null } });

  it("parses the documented example", () => {
    const [r] = parseFearGreedBody(
      body([{ value: "40", value_classification: "Fear", timestamp: "1551157200", time_until_update: "68499" }]),
    );
    expect(r).toEqual({ value: 40, classification: "Fear", provider_classification: "Fear", as_of: 1_551_157_200_000, source: "alternative.me" });
  });

  it.each([
    ["out of range", { value: "101", value_classification: "Extreme Greed", timestamp: "1551157200" }],
    ["negative", { value: "-1", value_classification: "Extreme Fear", timestamp: "1551157200" }],
    ["fractional", { value: "40.5", value_classification: "Fear", timestamp: "1551157200" }],
    ["formatted date", { value: "40", value_classification: "Fear", timestamp: "26-02-2019" }],
    ["missing label", { value: "40", timestamp: "1551157200" }],
  ])("rejects a %s reading", (_name, point) => {
    expect(() => parseFearGreedBody(body([point]))).toThrow(UpstreamError);
  });

  it("rejects a body without data", () => {
    expect(() => parseFearGreedBody({ name: "x", metadata: { error: null } })).toThrow(UpstreamError);
    expect(() => parseFearGreedBody(null)).toThrow(UpstreamError);
  });
});
