import fs from "node:fs";
import { execFileSync } from "node:child_process";

function onPath(name: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** Playwright's own Chromium when it was downloaded, else the system's (Debian: /usr/bin/chromium). */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return onPath("chromium") ?? onPath("chromium-browser");
}

export function findRedisServer(): string | null {
  return onPath("redis-server");
}
