/**
 * `npm test`: the whole suite — typecheck, lint, build, vitest (unit + integration), Playwright E2E.
 * It first makes sure the system programs the tests use are there (Chromium, redis-server):
 * as root on Debian it installs what is missing with apt-get; elsewhere it stops and prints the
 * one command to run. It never skips a test.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfNeeded } from "./build";
import { findChromium, findRedisServer } from "./system-deps";

const root = process.cwd();
const started = Date.now();
const run = (cmd: string, args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, ...options }).status ?? 1;

function ensureSystemDeps(): void {
  const missing = [!findChromium() && "chromium", !findRedisServer() && "redis-server"].filter(Boolean) as string[];
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !fs.existsSync("/etc/debian_version")) {
    console.error(`\nThe tests need ${missing.join(" and ")}. Install ${missing.length > 1 ? "them" : "it"} with:\n\n  sudo ${command}\n`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(", ")} (${command})…`);
  const status = run("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`]);
  if (status !== 0 || !findChromium() || !findRedisServer()) {
    console.error(`\nInstalling failed. Run it yourself:\n\n  ${command}\n`);
    process.exit(1);
  }
}

type Counts = { passed: number; failed: number };
const counts: Counts = { passed: 0, failed: 0 };

function step(name: string, fn: () => number): void {
  const t0 = Date.now();
  console.log(`\n━━ ${name}`);
  const status = fn();
  console.log(`━━ ${name}: ${status === 0 ? "ok" : "FAILED"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (status !== 0) finish(status);
}

function readVitestCounts(file: string): void {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  if (report.numPendingTests + report.numTodoTests > 0) {
    console.error(`${report.numPendingTests + report.numTodoTests} test(s) were skipped: the suite never skips.`);
    counts.failed += report.numPendingTests + report.numTodoTests;
  }
}

function readPlaywrightCounts(file: string): void {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  counts.passed += report.stats.expected + report.stats.flaky;
  counts.failed += report.stats.unexpected + report.stats.skipped;
  if (report.stats.skipped > 0) console.error(`${report.stats.skipped} E2E test(s) were skipped: the suite never skips.`);
}

function finish(status: number): never {
  console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(status !== 0 ? status : counts.failed > 0 ? 1 : 0);
}

ensureSystemDeps();
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-reports-"));
step("typecheck", () => run("npx", ["tsc", "--noEmit"]));
step("lint", () => run("npx", ["eslint", ".", "--max-warnings", "0"]));
step("build", () => (buildIfNeeded(root) ? 0 : 1));
step("vitest (unit + integration)", () => {
  const file = path.join(reports, "vitest.json");
  const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  if (fs.existsSync(file)) readVitestCounts(file);
  return status;
});
step("playwright (E2E in Chromium)", () => {
  const file = path.join(reports, "playwright.json");
  const status = run("npx", ["playwright", "test"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_JSON_OUTPUT_NAME: file } });
  if (fs.existsSync(file)) readPlaywrightCounts(file);
  return status;
});
finish(0);
