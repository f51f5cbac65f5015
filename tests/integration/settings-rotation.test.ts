/**
 * Encryption key rotation end to end, on one database served by successive servers of this file:
 * secrets saved under an old key, a server restarted on a new key with the old one in
 * ENCRYPTION_KEYS_PREVIOUS, `npm run keys:rotate` run as a child process while every user's
 * settings are read in a loop (and, in a second rotation, while one user keeps saving), then a
 * restart without the old key. Key ids are computed here from the documented derivation.
 */
import { spawn } from "node:child_process";
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client";
import { startTestServer, tempDatabasePath, TEST_AUTH_SECRET, type TestServer } from "../support/test-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const OLD_KEY = randomBytes(32).toString("base64");
const NEW_KEY = randomBytes(32).toString("base64");
const NEWER_KEY = randomBytes(32).toString("base64");
const keyId = (base64Key: string) =>
  createHash("sha256")
    .update(Buffer.from(hkdfSync("sha256", Buffer.from(base64Key, "base64"), Buffer.alloc(0), "autocbot/secrets/v1", 32)))
    .digest("base64url")
    .slice(0, 8);

const databasePath = tempDatabasePath("rotation");
let server: TestServer | undefined;
let api: ReturnType<typeof apiClient>;

/** Stops the running server (if any) and serves the same database with these keys. */
async function serve(keys: { current: string; previous?: string }) {
  await server?.stop();
  server = await startTestServer({
    databasePath,
    env: { RATE_LIMIT_SCALE: "1000", ENCRYPTION_KEY: keys.current, ENCRYPTION_KEYS_PREVIOUS: keys.previous ?? "" },
  });
  api = apiClient(server.url);
}

afterAll(async () => {
  await server?.stop();
});

const alphanumeric = (length: number) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
};

type Field = "exchange.api_key" | "exchange.api_secret" | "market_data.coingecko_api_key" | "notifications.telegram_bot_token";
const FIELDS: Field[] = ["exchange.api_key", "exchange.api_secret", "market_data.coingecko_api_key", "notifications.telegram_bot_token"];
type User = { id: string; token: string; secrets: Record<Field, string> };
const users: User[] = [];
const USER_COUNT = 5;

const maskOf = (body: any, field: Field) => {
  const [group, key] = field.split(".");
  return body[group][key];
};

function rows(): { user_id: string; field: string; ciphertext: string; updated_at: number }[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT user_id, field, ciphertext, updated_at FROM user_secrets ORDER BY user_id, field").all() as never;
  } finally {
    db.close();
  }
}
const keyIdsInUse = () => [...new Set(rows().map((r) => r.ciphertext.split(".")[1]))].sort();

/** Every user's settings: 200, nothing unreadable, each last4 as expected (or one of the allowed values). */
async function checkReads(allowed: (u: User, field: Field) => string[] = (u, f) => [u.secrets[f].slice(-4)]): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    users.map(async (u) => {
      const res = await api.request("GET", "/api/v1/settings", { token: u.token });
      if (res.status !== 200) return problems.push(`${u.id}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      for (const field of FIELDS) {
        const mask = maskOf(res.body, field);
        if (!mask?.set || mask.unreadable) problems.push(`${u.id} ${field}: ${JSON.stringify(mask)}`);
        else if (!allowed(u, field).includes(mask.last4)) problems.push(`${u.id} ${field}: last4 ${mask.last4}`);
      }
    }),
  );
  return problems;
}

/** Reads every user's settings in a loop until `until` settles. */
async function readWhile(until: Promise<unknown>, allowed?: Parameters<typeof checkReads>[0]) {
  let done = false;
  until.then(
    () => (done = true),
    () => (done = true),
  );
  const problems: string[] = [];
  let rounds = 0;
  while (!done) {
    problems.push(...(await checkReads(allowed)));
    rounds += 1;
  }
  return { problems, rounds };
}

type RotateResult = { code: number | null; stdout: string; stderr: string; report: Record<string, unknown> | null };

/** `npm run keys:rotate` as an operator runs it, with the server's database and keys. */
function keysRotate(keys: { current: string; previous?: string }): Promise<RotateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "keys:rotate"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DATABASE_PATH: databasePath,
        ENCRYPTION_KEY: keys.current,
        ENCRYPTION_KEYS_PREVIOUS: keys.previous ?? "",
        AUTH_SECRET: TEST_AUTH_SECRET,
        LOG_LEVEL: "silent",
        REDIS_URL: "",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = stdout
        .split("\n")
        .map((l) => l.trim())
        .reverse()
        .find((l) => l.startsWith("{"));
      let report: Record<string, unknown> | null = null;
      try {
        report = line ? (JSON.parse(line) as Record<string, unknown>) : null;
      } catch {
        report = null;
      }
      resolve({ code, stdout, stderr, report });
    });
  });
}

function expectNoSecretIn(text: string) {
  for (const u of users) for (const field of FIELDS) expect(text).not.toContain(u.secrets[field]);
}

describe("keys:rotate", () => {
  it(`saves ${USER_COUNT} users × ${FIELDS.length} secrets under the old key`, async () => {
    await serve({ current: OLD_KEY });
    const created = await Promise.all(Array.from({ length: USER_COUNT }, (_, i) => api.newUser(`rotation-${i}`)));
    for (const { user, tokens } of created) {
      const secrets: Record<Field, string> = {
        "exchange.api_key": alphanumeric(32),
        "exchange.api_secret": alphanumeric(48),
        "market_data.coingecko_api_key": `CG-${alphanumeric(24)}`,
        "notifications.telegram_bot_token": `123456789:${alphanumeric(35)}`,
      };
      const res = await api.request("PUT", "/api/v1/settings", {
        token: tokens.access_token,
        body: {
          exchange: { api_key: secrets["exchange.api_key"], api_secret: secrets["exchange.api_secret"] },
          market_data: { coingecko_api_key: secrets["market_data.coingecko_api_key"] },
          notifications: { telegram_bot_token: secrets["notifications.telegram_bot_token"] },
        },
      });
      expect(res.status, res.text).toBe(200);
      users.push({ id: user.id, token: tokens.access_token, secrets });
    }
    expect(rows()).toHaveLength(USER_COUNT * FIELDS.length);
    expect(keyIdsInUse()).toEqual([keyId(OLD_KEY)]);
    expect(await checkReads()).toEqual([]);
  });

  it("a server with only the new key cannot read them (the control for everything below)", async () => {
    await serve({ current: NEW_KEY });
    const res = await api.request("GET", "/api/v1/settings", { token: users[0].token });
    expect(res.status).toBe(200);
    for (const field of FIELDS) expect(maskOf(res.body, field), field).toMatchObject({ set: true, unreadable: true });
  });

  let savedAt: Map<string, number>;

  it("restarted on the new key with the old one in ENCRYPTION_KEYS_PREVIOUS, every secret reads", async () => {
    await serve({ current: NEW_KEY, previous: OLD_KEY });
    expect(await checkReads()).toEqual([]);
    savedAt = new Map(rows().map((r) => [`${r.user_id}:${r.field}`, r.updated_at]));
  });

  it("keys:rotate while the server serves reads: exit 0, every secret rewritten, no read lost, no old key id left", async () => {
    const rotation = keysRotate({ current: NEW_KEY, previous: OLD_KEY });
    const reads = await readWhile(rotation);
    const result = await rotation;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.report).toEqual({
      rewritten: USER_COUNT * FIELDS.length,
      unreadable: 0,
      skipped: 0,
      already_current: 0,
      total: USER_COUNT * FIELDS.length,
      current_key_id: keyId(NEW_KEY),
    });
    expectNoSecretIn(result.stdout + result.stderr);
    expect(reads.rounds).toBeGreaterThan(0);
    expect(reads.problems).toEqual([]);

    expect(keyIdsInUse()).toEqual([keyId(NEW_KEY)]);
    // Rotation saved nothing on the user's behalf: updated_at is untouched.
    for (const r of rows()) expect(r.updated_at).toBe(savedAt.get(`${r.user_id}:${r.field}`));
    expect(await checkReads()).toEqual([]);
  });

  it("restarted without ENCRYPTION_KEYS_PREVIOUS, everything still reads with its last4", async () => {
    await serve({ current: NEW_KEY });
    expect(await checkReads()).toEqual([]);
  });

  it("a save racing a rotation is not lost", async () => {
    await serve({ current: NEWER_KEY, previous: NEW_KEY });
    const racer = users[0];
    const original = racer.secrets["exchange.api_key"];
    const written: string[] = [];
    const rotation = keysRotate({ current: NEWER_KEY, previous: NEW_KEY });
    let rotating = true;
    rotation.finally(() => (rotating = false));
    const saves = (async () => {
      const refusals: string[] = [];
      while (rotating) {
        const next = alphanumeric(32);
        written.push(next);
        const res = await api.request("PUT", "/api/v1/settings", { token: racer.token, body: { exchange: { api_key: next } } });
        if (res.status !== 200) refusals.push(`${res.status} ${res.text.slice(0, 200)}`);
      }
      return refusals;
    })();
    const reads = await readWhile(rotation, (u, field) =>
      u === racer && field === "exchange.api_key" ? [original, ...written].map((s) => s.slice(-4)) : [u.secrets[field].slice(-4)],
    );
    const result = await rotation;
    expect(await saves).toEqual([]);
    expect(written.length).toBeGreaterThan(0);
    expect(reads.problems).toEqual([]);

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = result.report!;
    expect(report).toMatchObject({ unreadable: 0, total: USER_COUNT * FIELDS.length, current_key_id: keyId(NEWER_KEY) });
    expect(Number(report.rewritten) + Number(report.skipped) + Number(report.already_current)).toBe(USER_COUNT * FIELDS.length);
    expect(Number(report.rewritten)).toBeGreaterThanOrEqual(USER_COUNT * FIELDS.length - 1);

    // The last save wins, whether it landed before, during or after the rotation passed its row.
    racer.secrets["exchange.api_key"] = written[written.length - 1];
    expect(await checkReads()).toEqual([]);
    expect(keyIdsInUse()).toEqual([keyId(NEWER_KEY)]);

    // Running it again finds nothing left to do.
    const again = await keysRotate({ current: NEWER_KEY, previous: NEW_KEY });
    expect(again.code).toBe(0);
    expect(again.report).toMatchObject({ rewritten: 0, skipped: 0, unreadable: 0, already_current: USER_COUNT * FIELDS.length });
  });

  it("restarted on the newest key alone, every secret, the raced one included, still reads", async () => {
    await serve({ current: NEWER_KEY });
    expect(await checkReads()).toEqual([]);
    const logs = server!.logs.join("\n");
    expectNoSecretIn(logs);
  });

  it("an undecryptable row makes keys:rotate exit 1, naming it by ids only, and leaves it as it was", async () => {
    const db = new Database(databasePath, { fileMustExist: true });
    let broken: string;
    try {
      db.pragma("busy_timeout = 5000");
      const row = db.prepare("SELECT ciphertext FROM user_secrets WHERE user_id = ? AND field = 'exchange.api_secret'").get(users[1].id) as { ciphertext: string };
      const parts = row.ciphertext.split(".");
      const tag = Buffer.from(parts[3], "base64url");
      tag[0] ^= 1;
      parts[3] = tag.toString("base64url");
      broken = parts.join(".");
      // Under the previous key's id, so the rotation has to try to decrypt it.
      broken = broken.replace(`v1.${keyId(NEWER_KEY)}.`, `v1.${keyId(NEW_KEY)}.`);
      db.prepare("UPDATE user_secrets SET ciphertext = ? WHERE user_id = ? AND field = 'exchange.api_secret'").run(broken, users[1].id);
    } finally {
      db.close();
    }
    const result = await keysRotate({ current: NEWER_KEY, previous: NEW_KEY });
    expect(result.code).toBe(1);
    expect(result.report).toMatchObject({ unreadable: 1, rewritten: 0, already_current: USER_COUNT * FIELDS.length - 1 });
    expect(result.stderr).toContain(`user ${users[1].id} field exchange.api_secret`);
    expect(result.stdout + result.stderr).not.toContain(broken.split(".")[4]);
    expectNoSecretIn(result.stdout + result.stderr);
    expect(rows().find((r) => r.user_id === users[1].id && r.field === "exchange.api_secret")?.ciphertext).toBe(broken);
    const res = await api.request("GET", "/api/v1/settings", { token: users[1].token });
    expect(res.status).toBe(200);
    expect(res.body.exchange.api_secret).toMatchObject({ set: true, unreadable: true });
  });
});
