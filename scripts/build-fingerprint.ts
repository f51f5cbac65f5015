import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

const SOURCES = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(".next", "autocbot-build.json");

function walk(entry: string, out: string[]): void {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) walk(path.join(entry, name), out);
  } else if (!/\.test\.tsx?$/.test(entry)) {
    out.push(`${entry}:${stat.size}:${Math.trunc(stat.mtimeMs)}`);
  }
}

/** A cheap fingerprint of what the build reads: file names, sizes and modification times. */
export function sourceFingerprint(root: string): string {
  const entries: string[] = [];
  for (const source of SOURCES) walk(path.join(root, source), entries);
  return createHash("sha256").update(entries.map((e) => path.relative(root, e.split(":")[0]) + e.slice(e.indexOf(":"))).join("\n")).digest("hex");
}

export function isBuildCurrent(root: string): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, STAMP), "utf8")) as { fingerprint?: string };
    return stamp.fingerprint === sourceFingerprint(root);
  } catch {
    return false;
  }
}

export function hasBuild(root: string): boolean {
  return fs.existsSync(path.join(root, ".next", "BUILD_ID"));
}

export function recordBuild(root: string): void {
  fs.writeFileSync(path.join(root, STAMP), JSON.stringify({ fingerprint: sourceFingerprint(root), at: Date.now() }));
}
