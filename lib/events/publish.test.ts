import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { events, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { purgeOldEvents, publishEvent } from "./publish";
import { readEventsAfter } from "./tail";

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

describe("event log", () => {
  it("publishes inside a transaction and replays only the user's later events", async () => {
    const db = getDb();
    const alice = insertUser();
    const bob = insertUser();
    const first = db.transaction((tx) =>
      publishEvent(tx, { userId: alice, topic: "order.updated", payload: { order_id: "o1", status: "open" } }),
    );
    publishEvent(db, { userId: bob, topic: "order.updated", payload: { order_id: "o2" } });
    const third = publishEvent(db, { userId: alice, topic: "fill.created", payload: { fill_id: "f1" } });

    const all = await readEventsAfter(db, alice, 0, 0);
    expect(all.map((e) => e.id)).toEqual([first, third]);
    expect(all[0]).toMatchObject({ topic: "order.updated", payload: { order_id: "o1", status: "open" } });
    expect(all[0].data).toBe('{"order_id":"o1","status":"open"}');

    expect((await readEventsAfter(db, alice, first, 0)).map((e) => e.id)).toEqual([third]);
    expect((await readEventsAfter(db, bob, 0, 0)).map((e) => e.payload)).toEqual([{ order_id: "o2" }]);
  });

  it("leaves an event out when its transaction rolls back", async () => {
    const db = getDb();
    const userId = insertUser();
    expect(() =>
      db.transaction((tx) => {
        publishEvent(tx, { userId, topic: "bot.state", payload: { state: "running" } });
        throw new Error("order rejected");
      }),
    ).toThrow("order rejected");
    expect(await readEventsAfter(db, userId, 0, 0)).toEqual([]);
  });

  it("replays only events newer than the window start", async () => {
    const db = getDb();
    const userId = insertUser();
    publishEvent(db, { userId, topic: "bot.state", payload: { n: 1 } }, 1_000);
    publishEvent(db, { userId, topic: "bot.state", payload: { n: 2 } }, 5_000);
    expect((await readEventsAfter(db, userId, 0, 2_000)).map((e) => e.payload)).toEqual([{ n: 2 }]);
  });

  it("purges events older than the retention", async () => {
    const db = getDb();
    const userId = insertUser();
    const now = 10 * 24 * 60 * 60 * 1000;
    publishEvent(db, { userId, topic: "bot.state", payload: { age: "old" } }, now - 25 * 60 * 60 * 1000);
    publishEvent(db, { userId, topic: "bot.state", payload: { age: "new" } }, now - 60 * 60 * 1000);

    expect(await purgeOldEvents(db, now)).toBeGreaterThanOrEqual(1);
    const left = db.select().from(events).all().filter((e) => e.userId === userId);
    expect(left.map((e) => JSON.parse(e.payload))).toEqual([{ age: "new" }]);
  });
});
