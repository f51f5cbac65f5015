import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client";
import { startTestServer, tempDatabasePath, TEST_AUTH_SECRET, TEST_ENCRYPTION_KEY } from "../support/test-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Runs the start script to completion (it exits on refusal) and returns its status and output. */
function startAndExpectExit(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      PORT: "1",
      TEST_MODE: "true",
      AUTH_SECRET: TEST_AUTH_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm start", () => {
  it("refuses to start, naming the variable, when the database exists but a secret is missing", () => {
    const databasePath = tempDatabasePath("lifecycle");
    fs.writeFileSync(databasePath, "");
    const { status, output } = startAndExpectExit({ DATABASE_PATH: databasePath, ENCRYPTION_KEY: "" });
    expect(status).toBe(1);
    expect(output).toContain("ENCRYPTION_KEY is missing");
    expect(output).not.toContain(TEST_AUTH_SECRET);
  });

  it("stops on a wrong value, naming the variable", () => {
    const { status, output } = startAndExpectExit({ DATABASE_PATH: tempDatabasePath("lifecycle"), PORT: "99999" });
    expect(status).toBe(1);
    expect(output).toMatch(/PORT .*65535|PORT .*less than/i);
  });

  it("refuses a database outside the temp dir in test mode", () => {
    // The checkout itself may live under the temp dir (CI clones there), so pick a place that does not.
    const tmp = fs.realpathSync(os.tmpdir());
    const outside = [os.homedir(), "/var/lib", "/opt"].find((dir) => !fs.realpathSync(dir).startsWith(tmp));
    const databasePath = path.join(outside!, `autocbot-never-created-${process.pid}`, "autocbot.db");
    const { status, output } = startAndExpectExit({ DATABASE_PATH: databasePath });
    expect(status).toBe(1);
    expect(output).toContain("not under the OS temp directory");
    expect(fs.existsSync(path.dirname(databasePath))).toBe(false);
  });

  it("creates the database with WAL and the migrations, and SIGTERM exits cleanly, releasing leases and ending streams", async () => {
    const server = await startTestServer();
    const db = new Database(server.databasePath, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = db.prepare("select name from sqlite_master where type='table'").all().map((r) => (r as { name: string }).name);
      for (const t of ["users", "sessions", "refresh_tokens", "audit_events", "rate_limit_hits", "jobs", "scheduler_leases", "events"]) {
        expect(tables).toContain(t);
      }

      const api = apiClient(server.url);
      const { tokens } = await api.newUser("sigterm");
      const stream = await fetch(`${server.url}/api/v1/stream`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      await reader.read();

      // The purge task ran at start-up and holds (or held) its lease row.
      await expect
        .poll(() => db.prepare("select count(*) as n from scheduler_leases where task = 'maintenance.purge' and last_run_at is not null").get(), { timeout: 10_000 })
        .toEqual({ n: 1 });

      const exitCode = await server.stop("SIGTERM");
      expect(exitCode).toBe(0);
      // The open stream ended rather than hanging.
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true }));
        if (chunk.done) break;
      }
      const leases = db.prepare("select task, lease_until from scheduler_leases").all() as { task: string; lease_until: number }[];
      expect(leases.map((l) => l.task)).toContain("maintenance.purge");
      for (const lease of leases) expect(lease.lease_until, lease.task).toBeLessThanOrEqual(Date.now());
      expect(server.logs.some((l) => l.includes("background work stopped"))).toBe(true);
    } finally {
      db.close();
      await server.stop("SIGKILL");
    }
  });
});
