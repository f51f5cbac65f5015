/** `npm run db:cleanup`: the running server's purge, for cron on deployments that want it. */
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
const { getDb, closeDb } = await import("@/lib/db");
const { purgeExpired } = await import("@/lib/maintenance/purge");

try {
  const report = await purgeExpired(getDb());
  console.log(JSON.stringify({ purged: report }));
} finally {
  closeDb();
}
