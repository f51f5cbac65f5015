import { describe, expect, it } from "vitest";
import { afterAll } from "vitest";
import { closeTempDatabases, tempDatabase as openTestDatabase } from "../candle-store/test-support";

afterAll(closeTempDatabases);
import { resolveMarketSource, type MarketSourceConfig } from "./source";

const base: MarketSourceConfig = { mode: "auto", exchangeId: "binance", seed: "7" };

describe("resolveMarketSource", () => {
  it("auto probes once at the first start and records the exchange when it answers", async () => {
    const db = openTestDatabase();
    let probes = 0;
    const first = await resolveMarketSource(db, base, async () => (probes++, true), 1000);
    expect(first).toMatchObject({ kind: "exchange", id: "exchange:binance", label: "Live · Binance", resolvedBy: "auto", changed: true });
    // Later starts never probe again, even when the exchange would now fail.
    const later = await resolveMarketSource(db, base, async () => (probes++, false), 2000);
    expect(later).toMatchObject({ kind: "exchange", id: "exchange:binance", resolvedAt: 1000, changed: false });
    expect(probes).toBe(1);
  });

  it("auto falls back to the simulated market when the probe fails or throws, and keeps it", async () => {
    const db = openTestDatabase();
    const first = await resolveMarketSource(db, base, async () => {
      throw new Error("ECONNREFUSED");
    });
    expect(first).toMatchObject({ kind: "simulated", id: "simulated:v1:7", label: "Simulated market", seed: "7" });
    const later = await resolveMarketSource(db, base, async () => true);
    expect(later.kind).toBe("simulated");
  });

  it("a named mode overrides the record and is recorded as the operator's choice", async () => {
    const db = openTestDatabase();
    await resolveMarketSource(db, base, async () => false, 1000);
    const named = await resolveMarketSource(db, { ...base, mode: "exchange" }, async () => false, 2000);
    expect(named).toMatchObject({ kind: "exchange", resolvedBy: "config", changed: true });
    // Back on auto, the operator's last choice stands.
    const auto = await resolveMarketSource(db, base, async () => false, 3000);
    expect(auto).toMatchObject({ kind: "exchange", resolvedAt: 2000, changed: false });
  });

  it("another seed is another source id", async () => {
    const db = openTestDatabase();
    await resolveMarketSource(db, { ...base, mode: "simulated" }, async () => true, 1000);
    const reseeded = await resolveMarketSource(db, { ...base, seed: "99" }, async () => true, 2000);
    expect(reseeded).toMatchObject({ kind: "simulated", id: "simulated:v1:99", changed: true });
  });
});
