/**
 * The Redis rate-limit store (@upstash/ratelimit through ioredis) against a real redis-server
 * started here, then stopped mid-test to show which policies fail closed and which fail open.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, STRONG_PASSWORD, type ApiResponse } from "../support/api-client";
import { freePort, startTestServer, type TestServer } from "../support/test-server";

const WRONG = "Wrong-Password-42!";

function findRedisServer(): string {
  try {
    return execFileSync("which", ["redis-server"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "redis-server is not installed or not on PATH. The Redis rate-limit path must be tested against a real Redis: " +
        "install it (e.g. `apt-get install redis-server`) and run the tests again.",
    );
  }
}

let redisPort: number;
let redis: ChildProcess | undefined;
let redisLog = "";
let server: TestServer;
let api: ReturnType<typeof apiClient>;

async function waitForRedis(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const client = new IORedis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    client.on("error", () => {});
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer on port ${port}:\n${redisLog}`);
}

async function stopRedis(): Promise<void> {
  const proc = redis;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    proc.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

beforeAll(async () => {
  const binary = findRedisServer();
  redisPort = await freePort();
  redis = spawn(binary, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  redis.stdout?.on("data", (chunk: Buffer) => (redisLog += chunk.toString()));
  redis.stderr?.on("data", (chunk: Buffer) => (redisLog += chunk.toString()));
  await waitForRedis(redisPort);
  server = await startTestServer({ env: { RATE_LIMIT_SCALE: "1", REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
  api = apiClient(server.url);
});

afterAll(async () => {
  await server?.stop();
  await stopRedis();
});

const login = (email: string, password: string) => api.request("POST", "/api/v1/auth/login", { body: { email, password } });

function expectRateLimited(res: ApiResponse) {
  expect(res.status, res.text).toBe(429);
  expect(res.body).toMatchObject({ error: { code: "rate_limited" } });
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(res.headers.get("x-ratelimit-limit")).toBe("5");
  expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(res.headers.get("x-ratelimit-reset")).toMatch(/^\d+$/);
}

describe("rate limits in Redis", () => {
  it("serves the first sign-in after a start (the store waits for its first connection)", async () => {
    // The very first /api/v1 request of this server: the Redis client is still connecting.
    const res = await login(api.uniqueEmail("first"), WRONG);
    expect(res.status, res.text).toBe(401);
    expect(res.body.error.code).toBe("invalid_credentials");
    expect(res.headers.get("x-ratelimit-limit")).toBe("5");
    expect(server.logs.some((line) => line.includes("rate-limit store unavailable"))).toBe(false);
  });

  it("refuses the 6th login for one email within a minute, with the counts kept in Redis", async () => {
    const { email } = await api.register(api.uniqueEmail("redis-brute"));

    // Upstash's sliding window is approximate: it keeps one counter per fixed window aligned to
    // the epoch and weighs the previous window's counter by how much of the current one is left,
    // rounded down. A burst that straddles a minute boundary (5 hits at :59.9, the 6th at :00.1)
    // sees floor(0.998 × 5) = 4 previous hits and lets the 6th through. Start the burst early
    // in a minute so all six hits fall into one window.
    if (Date.now() % 60_000 > 50_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 250));

    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await login(email, WRONG);
      expect(res.status, res.text).toBe(401);
      expect(res.body.error.code).toBe("invalid_credentials");
      expect(res.headers.get("x-ratelimit-limit")).toBe("5");
      remaining.push(res.headers.get("x-ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    expectRateLimited(await login(email, WRONG));
    expectRateLimited(await login(email, STRONG_PASSWORD));

    const client = new IORedis({ port: redisPort, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    try {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await client.scan(cursor, "MATCH", "autocbot:rl*", "COUNT", 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== "0");
      const emailKeys = keys.filter((k) => k.startsWith(`autocbot:rl:login_email_ip:${email}|`));
      expect(emailKeys).toHaveLength(1);
      expect(Number(await client.get(emailKeys[0]))).toBe(5);
      expect(keys.some((k) => k.startsWith("autocbot:rl:login_ip:"))).toBe(true);
      expect(keys.some((k) => k.startsWith("autocbot:rl:register:"))).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it("fails closed for login and open for the general API when Redis is gone", async () => {
    const { email, tokens } = await api.newUser("redis-down");
    const spare = await api.register(api.uniqueEmail("redis-down-spare"));
    expect((await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token })).status).toBe(200);

    await stopRedis();
    expect(redis!.exitCode !== null || redis!.signalCode !== null).toBe(true);

    // Login must not run unmetered: refuse rather than allow unlimited password guessing.
    for (const who of [email, spare.email]) {
      const res = await login(who, STRONG_PASSWORD);
      expect(res.status, res.text).toBe(503);
      expect(res.body).toMatchObject({ error: { code: "unavailable", request_id: expect.any(String) } });
      expect(res.text).not.toContain("access_token");
    }

    const health = await api.request("GET", "/api/health");
    expect(health.status, health.text).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", db: "ok" });

    const me = await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.email).toBe(email);

    expect(server.logs.some((line) => line.includes("rate-limit store unavailable"))).toBe(true);
    // With REDIS_URL set, no count ever went to the SQLite store: no silent fallback.
    const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM rate_limit_hits").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
