import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { findChromium } from "./scripts/system-deps";

const port = Number(process.env.E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${port}`;
// The fake Telegram Bot API the bots spec starts; the server sends there.
const telegramPort = Number(process.env.E2E_TELEGRAM_PORT ?? port + 2);
process.env.E2E_TELEGRAM_PORT = String(telegramPort);
// A fresh database per run, under the OS temp dir (the server refuses anything else in TEST_MODE).
const databasePath = process.env.E2E_DATABASE_PATH ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-e2e-")), "autocbot.db");
process.env.E2E_DATABASE_PATH = databasePath;

const chromium = findChromium();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "node --import tsx scripts/start.ts --no-build",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: databasePath,
      AUTH_SECRET: "e2e-test-auth-secret-0123456789abcdef0123456789",
      ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      AUTH_URL: "",
      REDIS_URL: "",
      TEST_MODE: "true",
      RATE_LIMIT_SCALE: "100",
      REGISTRATION: "open",
      TRUST_PROXY: "false",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      // The simulated market, ticking every second, and outside services that refuse at once.
      MARKET_DATA_SOURCE: "simulated",
      SIMULATED_SEED: "11",
      MARKET_SYNC_TIMEFRAMES: "1m,1h",
      PRICE_POLL_MS: "1000",
      EXCHANGE_BASE_URL: "",
      COINGECKO_BASE_URL: "http://127.0.0.1:9",
      FEAR_GREED_BASE_URL: "http://127.0.0.1:9",
      TELEGRAM_API_BASE_URL: `http://127.0.0.1:${telegramPort}`,
    },
  },
});
