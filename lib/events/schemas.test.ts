import { describe, expect, it } from "vitest";
import { streamQuerySchema } from "./schemas";

describe("stream query", () => {
  it("accepts known topics and normalizes symbols to BASE/QUOTE", () => {
    expect(streamQuerySchema.parse({ topics: "order.updated, price.tick,order.updated", symbols: "btc-usdt,ETH/USDT" })).toEqual({
      topics: ["order.updated", "price.tick"],
      symbols: ["BTC/USDT", "ETH/USDT"],
    });
    expect(streamQuerySchema.parse({})).toEqual({});
  });

  it("rejects unknown topics, the internal revocation topic, bad symbols and unknown keys", () => {
    expect(streamQuerySchema.safeParse({ topics: "order.updated,nope" }).success).toBe(false);
    expect(streamQuerySchema.safeParse({ topics: "session.revoked" }).success).toBe(false);
    expect(streamQuerySchema.safeParse({ topics: "" }).success).toBe(false);
    expect(streamQuerySchema.safeParse({ symbols: "BTCUSDT" }).success).toBe(false);
    expect(streamQuerySchema.safeParse({ symbol: "BTC/USDT" }).success).toBe(false);
  });

  it("reports the failing entry by its position", () => {
    const result = streamQuerySchema.safeParse({ symbols: "BTC/USDT,bad" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["symbols", 1]);
  });
});
