/**
 * Operator commands for accounts:
 *   npm run user -- create-admin <email>     create an admin (or promote an existing account)
 *   npm run user -- deactivate <email>       block sign-in and end every session at once
 *   npm run user -- activate <email>
 *   npm run user -- reset-password <email>   set a new random password and end every session
 * New passwords are generated, satisfy the password policy, and are printed once.
 */
import { randomBytes } from "node:crypto";
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
const { createOrPromoteAdmin, resetPasswordByEmail, setUserActiveByEmail } = await import("@/lib/auth/admin");
const { passwordProblems } = await import("@/lib/auth/password-policy");
const { closeDb } = await import("@/lib/db");

function generatePassword(): string {
  for (;;) {
    // 18 random bytes in base64url plus a fixed-class suffix: ~144 bits, and every rule satisfied.
    const candidate = `${randomBytes(18).toString("base64url")}-Aa9`;
    if (passwordProblems(candidate).length === 0) return candidate;
  }
}

const [command, email] = process.argv.slice(2);
const usage = "usage: npm run user -- <create-admin|deactivate|activate|reset-password> <email>";

try {
  if (!command || !email) throw new Error(usage);
  switch (command) {
    case "create-admin": {
      const password = generatePassword();
      const { user, created } = await createOrPromoteAdmin(email, password);
      if (created) console.log(`Created admin ${user.email}.\nPassword (shown once, change it after signing in): ${password}`);
      else console.log(`${user.email} already existed and is now an admin. Their password is unchanged.`);
      break;
    }
    case "deactivate":
    case "activate": {
      const user = await setUserActiveByEmail(email, command === "activate");
      console.log(`${user.email} is now ${user.isActive ? "active" : "deactivated (every session ended)"}.`);
      break;
    }
    case "reset-password": {
      const password = generatePassword();
      const user = await resetPasswordByEmail(email, password);
      console.log(`New password for ${user.email} (shown once; every session was ended): ${password}`);
      break;
    }
    default:
      throw new Error(usage);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  closeDb();
}
