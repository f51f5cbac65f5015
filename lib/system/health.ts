import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import packageJson from "@/package.json";

const startedAt = Date.now();

export type Health = { status: "ok" | "error"; version: string; uptime_s: number; db: "ok" | "error" };

const queryDatabase = () => {
  getDb().get(sql`select 1`);
};

/** Liveness plus a real query against the database (the probe is replaceable for tests). */
export async function checkHealth(probe: () => void = queryDatabase): Promise<Health> {
  let db: Health["db"] = "ok";
  try {
    probe();
  } catch {
    db = "error";
  }
  return {
    status: db === "ok" ? "ok" : "error",
    version: packageJson.version,
    uptime_s: Math.floor((Date.now() - startedAt) / 1000),
    db,
  };
}
