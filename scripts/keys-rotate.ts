/**
 * `npm run keys:rotate`: re-encrypts every stored secret under the current ENCRYPTION_KEY.
 *
 * Procedure: put the new key in ENCRYPTION_KEY and the old one in ENCRYPTION_KEYS_PREVIOUS, restart
 * the servers, then run this (it is safe while they serve). When it reports no unreadable secrets,
 * the old key can be dropped from ENCRYPTION_KEYS_PREVIOUS.
 *
 * Exit code 0 when every secret is readable, 1 when some are not (listed by ids only) or on error.
 */
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
const { getDb, closeDb } = await import("@/lib/db");
const { rotateSecrets } = await import("@/lib/security/secret-store");
const { currentKeyId } = await import("@/lib/security/secrets");

try {
  const report = rotateSecrets(getDb());
  console.log(
    JSON.stringify({
      rewritten: report.rewritten,
      unreadable: report.unreadable,
      skipped: report.skipped,
      already_current: report.current,
      total: report.total,
      current_key_id: currentKeyId(),
    }),
  );
  if (report.skipped > 0) {
    // A skipped row was saved during the rotation, almost always under the current key already.
    console.error(`${report.skipped} secret(s) changed while rotating and were kept as saved; run again to be sure none is left on an old key.`);
  }
  if (report.unreadable > 0) {
    const pairs = report.unreadableSecrets.map((s) => `  user ${s.userId} field ${s.field} (${s.reason})`);
    console.error(
      [
        `${report.unreadable} secret(s) could not be decrypted with ENCRYPTION_KEY or ENCRYPTION_KEYS_PREVIOUS and were left as they were.`,
        "Add the key they were written with to ENCRYPTION_KEYS_PREVIOUS and run this again, or have the users enter them again:",
        ...pairs,
      ].join("\n"),
    );
    process.exitCode = 1;
  }
} catch (error) {
  // Error messages here (EnvError, SQLite) name variables and tables, never key material.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  closeDb();
}
