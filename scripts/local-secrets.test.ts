import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureLocalSecrets } from "./local-secrets";

const tempEnvFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-secrets-")), ".env.local");

describe("local secrets", () => {
  it("generates both secrets into a 0600 file on a fresh clone", () => {
    const envFile = tempEnvFile();
    expect(ensureLocalSecrets({ envFile, databaseExists: false, env: {} })).toEqual({ generated: true, missing: [] });
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(envFile, "utf8");
    const key = /^ENCRYPTION_KEY=(.+)$/m.exec(text)![1];
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(/^AUTH_SECRET=(.{32,})$/m.test(text)).toBe(true);
  });

  it("refuses to invent a secret when the database already exists", () => {
    const envFile = tempEnvFile();
    expect(ensureLocalSecrets({ envFile, databaseExists: true, env: { AUTH_SECRET: "x".repeat(40) } })).toEqual({ generated: false, missing: ["ENCRYPTION_KEY"] });
    expect(fs.existsSync(envFile)).toBe(false);
  });

  it("refuses when .env.local exists but lacks a secret", () => {
    const envFile = tempEnvFile();
    fs.writeFileSync(envFile, "PORT=3001\n");
    expect(ensureLocalSecrets({ envFile, databaseExists: false, env: {} }).missing).toEqual(["AUTH_SECRET", "ENCRYPTION_KEY"]);
    expect(fs.readFileSync(envFile, "utf8")).toBe("PORT=3001\n");
  });

  it("does nothing when both are set", () => {
    const envFile = tempEnvFile();
    const env = { AUTH_SECRET: "a".repeat(40), ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") };
    expect(ensureLocalSecrets({ envFile, databaseExists: true, env })).toEqual({ generated: false, missing: [] });
  });
});
