import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const TEST_AUTH_SECRET = "integration-test-auth-secret-0123456789abcdef";
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString("base64");
const ROOT = path.resolve(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tempDatabasePath(label = "it"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `autocbot-${label}-`));
  return path.join(dir, "autocbot.db");
}

export type TestServer = {
  url: string;
  port: number;
  databasePath: string;
  /** Every line the server printed, stdout and stderr. */
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  restart(): Promise<void>;
};

/**
 * Starts the built app (scripts/start.ts --no-build) on a free port with its own temporary
 * database unless one is given. Every variable is passed explicitly; blank values override
 * anything a developer's .env.local could supply.
 */
export async function startTestServer(options: { env?: Record<string, string>; databasePath?: string } = {}): Promise<TestServer> {
  const port = await freePort();
  const databasePath = options.databasePath ?? tempDatabasePath();
  const logs: string[] = [];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    TMPDIR: os.tmpdir(),
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_PATH: databasePath,
    AUTH_SECRET: TEST_AUTH_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    AUTH_URL: "",
    TEST_MODE: "true",
    RATE_LIMIT_SCALE: "1",
    REDIS_URL: "",
    REGISTRATION: "open",
    TRUST_PROXY: "false",
    LOG_LEVEL: "info",
    JOB_POLL_MS: "100",
    NEXT_TELEMETRY_DISABLED: "1",
    // Market data stays on this machine: the simulated market, and upstreams that refuse at once.
    MARKET_DATA_SOURCE: "simulated",
    SIMULATED_SEED: "7",
    MARKET_SYNC_TIMEFRAMES: "1m",
    PRICE_POLL_MS: "1000",
    EXCHANGE_BASE_URL: "",
    COINGECKO_BASE_URL: "http://127.0.0.1:9",
    FEAR_GREED_BASE_URL: "http://127.0.0.1:9",
    ...options.env,
  };
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    for (const stream of [proc.stdout, proc.stderr]) {
      let buffer = "";
      stream.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        logs.push(...lines);
      });
    }
    const exited = new Promise<never>((_, reject) =>
      proc.once("exit", (code) => reject(new Error(`test server exited with ${code}:\n${logs.slice(-30).join("\n")}`))),
    );
    exited.catch(() => {});
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ok = await Promise.race([
        fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false),
        exited,
      ]);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`test server did not become healthy:\n${logs.slice(-30).join("\n")}`);
  };

  const stop = async (signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    return new Promise((resolve) => {
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      proc.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      proc.kill(signal);
    });
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databasePath,
    logs,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}
