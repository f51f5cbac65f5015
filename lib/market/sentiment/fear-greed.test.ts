import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAlternativeMe, type FakeAlternativeMe } from "@/e2e/fixtures/fake-alternative-me";
import { fetchFearGreed } from "./alternative-me";
import { createFearGreedService, type DailyCloses } from "./fear-greed";
import { createMemoryFearGreedHistory } from "./history";

const T0 = 1_764_201_600;
const LAST_CLOSE = Date.parse("2025-11-26T00:00:00Z");
const rally = () => {
  const closes = new Float64Array(121);
  for (let i = 0; i < closes.length; i++) closes[i] = 50_000 * Math.exp(0.01 * i);
  return { closes, asOf: LAST_CLOSE };
};

let fake: FakeAlternativeMe;
let clock: number;

beforeAll(async () => {
  fake = await startFakeAlternativeMe({ points: [{ value: 48, timestamp: T0, value_classification: "Neutral" }] });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.setFailure("none");
  fake.requests.length = 0;
  clock = 1_000_000;
});

function service(loadDailyCloses: () => Promise<DailyCloses | null> = async () => rally()) {
  const history = createMemoryFearGreedHistory();
  const svc = createFearGreedService({
    fetchLatest: async () => (await fetchFearGreed({ baseUrl: fake.url, timeoutMs: 300 }))[0],
    loadDailyCloses,
    history,
    now: () => clock,
  });
  return { svc, history };
}

describe("Fear & Greed service", () => {
  it("serves alternative.me with our classification and records the day", async () => {
    const { svc, history } = service();
    expect(await svc.current()).toEqual({
      value: 48,
      classification: "Fear",
      provider_classification: "Neutral",
      as_of: T0 * 1000,
      source: "alternative.me",
      stale: false,
    });
    expect((await history.onOrBefore("2025-11-27"))?.value).toBe(48);
  });

  it("anonymous readers get cached readings only and never cause an upstream call", async () => {
    const { svc } = service();
    expect(await svc.current({ allowFetch: false })).toBeNull();
    expect(fake.requests.length).toBe(0);
    await svc.current();
    expect(await svc.current({ allowFetch: false })).toMatchObject({ source: "alternative.me", value: 48, stale: false });
    expect(fake.requests.length).toBe(1);
  });

  it("serves the last alternative.me reading as stale rather than switching to the computed index", async () => {
    const { svc } = service();
    await svc.current();
    fake.setFailure("http500");
    clock += 5 * 60_000;
    expect(await svc.current()).toMatchObject({ source: "alternative.me", value: 48, stale: true, as_of: T0 * 1000 });
  });

  it("falls back to the computed index when alternative.me never answered", async () => {
    fake.setFailure("http500");
    const { svc, history } = service();
    const r = await svc.current();
    expect(r).toMatchObject({ source: "computed", stale: false, as_of: LAST_CLOSE });
    expect(r?.value).toBeGreaterThan(50);
    expect(r?.inputs?.momentum_30d).toBeCloseTo(0.3, 6);
    expect((await history.onOrBefore("2025-11-26"))?.source).toBe("computed");
  });

  it("answers null when neither source has anything", async () => {
    fake.setFailure("malformed");
    const { svc } = service(async () => null);
    expect(await svc.current()).toBeNull();
  });
});
