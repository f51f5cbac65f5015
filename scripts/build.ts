import { spawnSync } from "node:child_process";
import path from "node:path";
import { isBuildCurrent, recordBuild } from "./build-fingerprint";

/** Runs `next build` unless the last build saw the same sources. Returns false when the build failed. */
export function buildIfNeeded(root: string, options: { force?: boolean } = {}): boolean {
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
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(buildIfNeeded(process.cwd(), { force: process.argv.includes("--force") }) ? 0 : 1);
}
