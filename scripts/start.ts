/**
 * `npm start`: prepares a fresh clone and serves the app. Creates the database and applies the
 * migrations, generates local secrets on the first run, builds when the sources changed, and runs
 * a small HTTP server around Next's request handler, so the client address is the socket's.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import nextEnv from "@next/env";
import { EnvError, parseEnv } from "@/lib/env";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { runShutdownHooks } from "@/lib/shutdown";
import { buildIfNeeded } from "./build";
import { hasBuild } from "./build-fingerprint";
import { ensureLocalSecrets } from "./local-secrets";
import { rewriteForwardingHeaders } from "./client-address";

const root = process.cwd();
const noBuild = process.argv.includes("--no-build");
process.env.NEXT_TELEMETRY_DISABLED = "1";
(process.env as Record<string, string>).NODE_ENV = "production";

function fail(message: string): never {
  console.error(`\nautocbot: ${message}\n`);
  process.exit(1);
}

const envFile = path.join(root, ".env.local");
const loadEnv = () => nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error }, true);
loadEnv();
const databasePath = process.env.DATABASE_PATH?.trim() || "./data/autocbot.db";
const secrets = ensureLocalSecrets({ envFile, databaseExists: fs.existsSync(databasePath), env: process.env });
if (secrets.missing.length > 0) {
  fail(
    `${secrets.missing.join(" and ")} ${secrets.missing.length > 1 ? "are" : "is"} missing, and a database already exists at ${databasePath}.\n` +
      `Restore the variable from your backup (it must match the database), or set it in the environment or .env.local.`,
  );
}
if (secrets.generated) {
  loadEnv();
  console.log(`Generated AUTH_SECRET and ENCRYPTION_KEY in ${path.relative(root, envFile)} (mode 0600).`);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

if (env.TEST_MODE) {
  // A test server must never touch a developer's real database.
  const resolved = path.resolve(env.DATABASE_PATH);
  if (!resolved.startsWith(fs.realpathSync(os.tmpdir()) + path.sep) && !resolved.startsWith(os.tmpdir() + path.sep)) {
    fail(`TEST_MODE is on but DATABASE_PATH (${resolved}) is not under the OS temp directory.`);
  }
}

const db = openDatabase(env.DATABASE_PATH);
migrateDatabase(db);
db.$client.close();

if (noBuild) {
  if (!hasBuild(root)) fail("No build found (.next/BUILD_ID). Run `npm run build` first.");
} else if (!buildIfNeeded(root)) {
  fail("The build failed.");
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  rewriteForwardingHeaders(req, env.TRUST_PROXY, env.TRUST_PROXY_HOPS);
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;

server.listen(env.PORT, env.HOST, () => {
  const url = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  console.log(`AutoCbot is serving ${url}`);
  console.log(`  database: ${path.relative(root, path.resolve(env.DATABASE_PATH)) || env.DATABASE_PATH}`);
  if (fs.existsSync(envFile)) console.log(`  secrets:  ${path.relative(root, envFile)}`);
  console.log("  Back up ENCRYPTION_KEY together with the database: one is useless without the other.");
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: closing streams, releasing leases, stopping.`);
  const force = setTimeout(() => process.exit(0), 10_000);
  force.unref();
  server.close();
  await runShutdownHooks();
  server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
