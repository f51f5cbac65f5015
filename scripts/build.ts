import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isBuildCurrent, recordBuild } from "./build-fingerprint";

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Two test runs starting together must not run two `next build`s into one .next folder. */
function withBuildLock<T>(root: string, fn: () => T): T {
  const lock = path.join(root, ".next-build.lock");
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, "utf8"));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error("timed out waiting for another build");
      else sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Runs `next build` unless the last build saw the same sources. Returns false when the build failed. */
export function buildIfNeeded(root: string, options: { force?: boolean } = {}): boolean {
  if (!options.force && isBuildCurrent(root)) return true;
  return withBuildLock(root, () => {
    if (!options.force && isBuildCurrent(root)) return true;
    console.log("Building the app (next build)…");
    const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
    if (result.status !== 0) return false;
    recordBuild(root);
    return true;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(buildIfNeeded(process.cwd(), { force: process.argv.includes("--force") }) ? 0 : 1);
}
