import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb, openDatabase } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { broadcastPriceTick, publishEvent } from "./publish";
import { subscribe, subscriberCount, type LiveEvent } from "./tail";

// The per-process database of tests/support/setup-env.ts would otherwise pile up in the temp dir.
afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

function insertUser() {
  const id = newId();
  getDb().insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: 0 }).run();
  return id;
}

// Another server process writing to the same file: the tailer must see its commits.
const otherProcess = openDatabase(env().DATABASE_PATH);
afterAll(() => otherProcess.$client.close());

describe("event tailer", () => {
  it("delivers a row written through another connection to that user's subscribers only", async () => {
    const alice = insertUser();
    const bob = insertUser();
    const before = publishEvent(getDb(), { userId: alice, topic: "bot.state", payload: { state: "old" } });
    const forAlice: LiveEvent[] = [];
    const forBob: LiveEvent[] = [];
    const stopAlice = subscribe(alice, (e) => forAlice.push(e));
    const stopBob = subscribe(bob, (e) => forBob.push(e));
    expect(subscriberCount()).toBe(2);

    const started = Date.now();
    const id = publishEvent(otherProcess, { userId: alice, topic: "order.updated", payload: { order_id: "o1" } });
    await vi.waitFor(() => expect(forAlice).toHaveLength(1), { timeout: 1500, interval: 10 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(forAlice[0]).toMatchObject({ id, topic: "order.updated", payload: { order_id: "o1" } });
    expect(forAlice[0].id).toBeGreaterThan(before);
    expect(forBob).toEqual([]);

    stopAlice();
    stopBob();
    expect(subscriberCount()).toBe(0);
  });

  it("broadcasts price ticks to every subscriber without storing them", async () => {
    const alice = insertUser();
    const bob = insertUser();
    const seen: string[] = [];
    const stopAlice = subscribe(alice, (e) => seen.push(`alice:${e.topic}:${e.id}`));
    const stopBob = subscribe(bob, (e) => seen.push(`bob:${e.topic}:${e.id}`));

    broadcastPriceTick({ symbol: "BTC/USDT", price: 1 });
    expect(seen).toEqual(["alice:price.tick:null", "bob:price.tick:null"]);
    stopAlice();
    stopBob();
  });

  it("keeps delivering to others when one listener throws", async () => {
    const userId = insertUser();
    const received: LiveEvent[] = [];
    const stopBad = subscribe(userId, () => {
      throw new Error("listener bug");
    });
    const stopGood = subscribe(userId, (e) => received.push(e));

    publishEvent(otherProcess, { userId, topic: "bot.state", payload: {} });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 1500, interval: 10 });
    stopBad();
    stopGood();
    stopGood();
    expect(subscriberCount()).toBe(0);
  });
});
