import type { TestProject } from "vitest/node";
import { buildIfNeeded } from "../../scripts/build";
import { startTestServer, type TestServer } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
  }
}

let shared: TestServer | undefined;

/**
 * One built server shared by every integration test file, with limits raised so unrelated tests
 * never trip them. Rate-limit tests start their own instance at the real limits.
 */
export async function setup(project: TestProject): Promise<void> {
  if (!buildIfNeeded(process.cwd())) throw new Error("next build failed");
  // Bots stay off here: strategies enabled by unrelated tests must not trade under them. The bots
  // test starts its own server with the runner on.
  shared = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000", BOT_RUNNER: "off" } });
  project.provide("baseUrl", shared.url);
  project.provide("databasePath", shared.databasePath);
}

export async function teardown(): Promise<void> {
  await shared?.stop();
}
