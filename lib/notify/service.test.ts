import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { notificationOutbox } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ValidationFailed } from "@/lib/errors";
import { enqueueNotification } from "./outbox";
import { listUserNotifications } from "./service";
import { userWithNotifications } from "./test-support";

afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

const telegram = { botToken: "7000000006:AAH-list_token_0123456789abcdefghijkl", chatId: "88" };

describe("listUserNotifications", () => {
  it("lists only the caller's rows, newest first, filtered and paged, without payloads", async () => {
    const alice = userWithNotifications({ telegram });
    const bob = userWithNotifications({ telegram });
    for (let i = 1; i <= 3; i++) enqueueNotification(getDb(), { userId: alice, event: "fills", dedupeKey: `a-${i}`, text: `secret text ${i}`, data: {} }, 1_000 * i);
    const [bobs] = enqueueNotification(getDb(), { userId: bob, event: "stops", dedupeKey: "b-1", text: "bob", data: {} }, 5_000);
    getDb().update(notificationOutbox).set({ status: "failed", attempts: 8, lastError: "Telegram refused the message." }).where(eq(notificationOutbox.dedupeKey, "a-2")).run();

    const all = await listUserNotifications(alice);
    expect(all.items.map((n) => n.created_at)).toEqual([3_000, 2_000, 1_000]);
    expect(all.next_cursor).toBeNull();
    expect(Object.keys(all.items[0]).sort()).toEqual(["attempts", "channel", "created_at", "event", "id", "last_error", "sent_at", "status"]);
    expect(JSON.stringify(all)).not.toContain("secret text");
    expect(all.items.map((n) => n.id)).not.toContain(bobs);

    const failed = await listUserNotifications(alice, { status: ["failed", "unknown"] });
    expect(failed.items).toEqual([
      { id: expect.any(String), channel: "telegram", event: "fills", status: "failed", attempts: 8, last_error: "Telegram refused the message.", created_at: 2_000, sent_at: null },
    ]);
    expect((await listUserNotifications(alice, { status: "sent" })).items).toEqual([]);

    const first = await listUserNotifications(alice, { limit: 2 });
    expect(first.items.map((n) => n.created_at)).toEqual([3_000, 2_000]);
    const second = await listUserNotifications(alice, { limit: 2, cursor: first.next_cursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ created_at: 1_000 })], next_cursor: null });
    await expect(listUserNotifications(alice, { cursor: "nope" })).rejects.toBeInstanceOf(ValidationFailed);
  });
});
