import { describe, it, expect } from "vitest";
import {
  hashPassword,
  hashPasswordWith,
  verifyPassword,
  verifyDummyPassword,
  scryptSlots,
} from "./password-hash";
import { createSemaphore } from "./hash-semaphore";

// Real OWASP-cost hashes take a few hundred ms each and are capped at 2 at once.
const SLOW = 60_000;
const PHC = /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

describe("hashPassword / verifyPassword", () => {
  it(
    "round-trips, rejects wrong passwords and salts every hash",
    async () => {
      const pw = "Tr4ding-Bot!Sunrise";
      const [a, b] = await Promise.all([hashPassword(pw), hashPassword(pw)]);
      expect(a).toMatch(PHC);
      expect(b).toMatch(PHC);
      expect(a).not.toBe(b);

      const [right, wrong] = await Promise.all([verifyPassword(a, pw), verifyPassword(a, pw + "x")]);
      expect(right).toEqual({ ok: true, needsRehash: false });
      expect(wrong.ok).toBe(false);
    },
    SLOW,
  );

  it("verifies composed and decomposed Unicode forms alike", async () => {
    const cheap = { ln: 10, r: 8, p: 1 };
    const phc = await hashPasswordWith("Caf\u00e9-1", cheap);
    expect((await verifyPassword(phc, "Cafe\u0301-1")).ok).toBe(true);
  });

  it("flags a hash made with weaker parameters for rehash but still accepts it", async () => {
    const phc = await hashPasswordWith("Tr4ding-Bot!Sunrise", { ln: 14, r: 8, p: 1 });
    expect(phc).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$/);
    expect(await verifyPassword(phc, "Tr4ding-Bot!Sunrise")).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword(phc, "wrong")).toEqual({ ok: false, needsRehash: false });
  });

  it("returns ok:false for malformed strings without throwing", async () => {
    const good = await hashPasswordWith("x", { ln: 10, r: 8, p: 1 });
    const [, , params, salt, hash] = good.split("$");
    const malformed = [
      "",
      "not a hash",
      `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${hash}`,
      `$scrypt$${params}$${salt}`,
      `$scrypt$${params}$$${hash}`,
      `$scrypt$${salt}$${hash}`,
      `$scrypt$${params}$${salt}$${hash}$extra`,
      `$scrypt$${params}$!!not*base64!!$${hash}`,
      `$scrypt$${params}$${salt}$${hash}==`,
      `$scrypt$${params}$${salt}$${hash.slice(0, -1)}_`,
      `$scrypt$ln=17,r=8$${salt}$${hash}`,
      `$scrypt$ln=0,r=8,p=1$${salt}$${hash}`,
      `$scrypt$ln=40,r=8,p=1$${salt}$${hash}`,
      `$scrypt$ln=17,r=8,p=1,x=2$${salt}$${hash}`,
    ];
    for (const phc of malformed) {
      await expect(verifyPassword(phc, "x"), phc).resolves.toEqual({ ok: false, needsRehash: false });
    }
    // Sanity check that the parts used above are valid together.
    expect((await verifyPassword(good, "x")).ok).toBe(true);
  });
});

describe("verifyDummyPassword", () => {
  it(
    "always returns false",
    async () => {
      expect(await verifyDummyPassword("Tr4ding-Bot!Sunrise")).toBe(false);
      expect(await verifyDummyPassword("")).toBe(false);
    },
    SLOW,
  );
});

describe("hash concurrency", () => {
  it("never runs more than 2 scrypt derivations at once", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => hashPasswordWith(`pw-${i}`, { ln: 12, r: 8, p: 1 })),
    );
    expect(scryptSlots.maxActive).toBe(2);
    expect(scryptSlots.active).toBe(0);
    expect(scryptSlots.waiting).toBe(0);
  });

  it("semaphore caps concurrency, runs everything in FIFO order and survives failures", async () => {
    const sem = createSemaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, i) =>
      sem.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (i === 3) throw new Error("boom");
        return i;
      }),
    );
    expect(sem.active).toBe(2);
    expect(sem.waiting).toBe(5);

    const results = await Promise.allSettled(tasks);
    expect(peak).toBe(2);
    expect(sem.maxActive).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results[3].status).toBe("rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(6);
    expect(sem.active).toBe(0);
    expect(sem.waiting).toBe(0);
  });

  it("rejects a non-positive limit", () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });
});
