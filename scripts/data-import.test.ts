import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";

const ROOT = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-data-import-"));
const databasePath = path.join(dir, "autocbot.db");
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

{
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  const add = db.$client.prepare("INSERT INTO users (id, email, password_hash, role, is_active, created_at) VALUES (?, ?, 'x', ?, 1, ?)");
  add.run("admin-1", "admin@example.test", "admin", 1);
  add.run("user-2", "trader@example.test", "user", 2);
  db.$client.close();
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `open_time,open,high,low,close,volume\r\n${rows.join("\r\n")}\r\n`);
  return file;
}

const rows = Array.from({ length: 48 }, (_, i) => `${T0 + i * H},100,101,99,100.5,${i}`);

/** `npm run data:import -- …` against the temporary database. */
function dataImport(...args: string[]) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/data-import.ts", ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_PATH: databasePath,
      AUTH_SECRET: "data-import-test-auth-secret-0123456789abcdef",
      ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      LOG_LEVEL: "silent",
      REDIS_URL: "",
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

function stored(): { source: string; n: number }[] {
  const db = openDatabase(databasePath);
  try {
    return db.$client.prepare("SELECT source, COUNT(*) AS n FROM candles GROUP BY source ORDER BY source").all() as { source: string; n: number }[];
  } finally {
    db.$client.close();
  }
}

describe("npm run data:import", () => {
  it("imports a file for the first admin under the file's name, and a second time adds nothing", () => {
    const file = writeCsv("BTCUSDT-1h-2024-01.csv", rows);
    const first = dataImport(file, "--symbol", "btc-usdt", "--timeframe", "1h");
    expect(first.err).toBe("");
    expect(first.status).toBe(0);
    expect(first.out).toContain("import:BTCUSDT-1h-2024-01.csv (BTC/USDT 1h) for admin@example.test: 48 imported");
    const json = JSON.parse(first.out.slice(first.out.indexOf("{")));
    expect(json).toMatchObject({ source: "import:BTCUSDT-1h-2024-01.csv", imported: 48, duplicates: 0, first_open_time: T0, last_open_time: T0 + 47 * H });
    expect(stored()).toEqual([{ source: "import:admin-1:BTCUSDT-1h-2024-01.csv", n: 48 }]);

    const again = dataImport(file, "--symbol", "BTC/USDT", "--timeframe", "1h");
    expect(again.status).toBe(0);
    expect(again.out).toContain("0 imported, 48 duplicates");
  }, 60_000);

  it("takes --name and --email (or --user) to pick the owner", () => {
    const file = writeCsv("any.csv", rows.slice(0, 5));
    expect(dataImport(file, "--symbol", "ETH/USDT", "--timeframe", "1h", "--name", "mine", "--email", "TRADER@example.test").status).toBe(0);
    expect(dataImport(file, "--symbol", "ETH/USDT", "--timeframe", "1h", "--name", "by-id", "--user", "user-2").status).toBe(0);
    expect(stored()).toContainEqual({ source: "import:user-2:mine", n: 5 });
    expect(stored()).toContainEqual({ source: "import:user-2:by-id", n: 5 });
    const unknown = dataImport(file, "--symbol", "ETH/USDT", "--timeframe", "1h", "--email", "nobody@example.test");
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain("No account with email nobody@example.test");
  }, 60_000);

  it("reports bad lines by number, stores nothing and exits 1", () => {
    const bad = [...rows.slice(0, 3), `${T0 + 3 * H},100,99,101,100.5,1`, ...rows.slice(4, 6)];
    const before = stored();
    const result = dataImport(writeCsv("bad.csv", bad), "--symbol", "SOL/USDT", "--timeframe", "1h");
    expect(result.status).toBe(1);
    expect(result.err).toContain("nothing was imported");
    expect(result.err).toContain("line 5: high 99 is below max(open, close) 100.5");
    expect(stored()).toEqual(before);
    const usage = dataImport("--symbol", "SOL/USDT");
    expect(usage.status).toBe(1);
    expect(usage.err).toContain("usage:");
    const badTimeframe = dataImport(writeCsv("x.csv", rows), "--symbol", "SOL/USDT", "--timeframe", "7m");
    expect(badTimeframe.err).toContain("--timeframe must be one of 1m 3m 5m");
  }, 60_000);
});
