import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";
import { TEST_AUTH_SECRET, TEST_ENCRYPTION_KEY } from "../support/test-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const api = apiClient(inject("baseUrl"));

/** `npm run user -- <command> <email>` against the shared server's database. */
function userCommand(command: string, email: string) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/user.ts", command, email], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_PATH: inject("databasePath"),
      AUTH_SECRET: TEST_AUTH_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      LOG_LEVEL: "silent",
      REDIS_URL: "",
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const printedPassword = (out: string) => /: (\S+)\s*$/m.exec(out.trim())?.[1] ?? "";

describe("operator commands", () => {
  it("create-admin creates an admin with a printed password", async () => {
    const email = api.uniqueEmail("op-admin");
    const { status, out } = userCommand("create-admin", email);
    expect(status).toBe(0);
    const tokens = await api.login(email, printedPassword(out));
    const me = await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token });
    expect(me.body).toMatchObject({ email, role: "admin", is_active: true });
  });

  it("create-admin promotes an existing account without touching its password", async () => {
    const { email, tokens } = await api.newUser("op-promote");
    expect(userCommand("create-admin", email).status).toBe(0);
    const me = await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token });
    expect(me.body).toMatchObject({ role: "admin" });
    await api.login(email);
  });

  it("deactivate ends sessions at once and blocks sign-in; activate restores sign-in", async () => {
    const { email, tokens } = await api.newUser("op-deactivate");
    expect(userCommand("deactivate", email).status).toBe(0);
    expect((await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token })).status).toBe(401);
    const refused = await api.request("POST", "/api/v1/auth/login", { body: { email, password: "Corr3ct-Horse-Battery!" } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: "invalid_credentials" } });
    expect(userCommand("activate", email).status).toBe(0);
    await api.login(email);
  });

  it("reset-password replaces the password and ends every session", async () => {
    const { email, tokens } = await api.newUser("op-reset");
    const { status, out } = userCommand("reset-password", email);
    expect(status).toBe(0);
    expect((await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token })).status).toBe(401);
    expect((await api.request("POST", "/api/v1/auth/login", { body: { email, password: "Corr3ct-Horse-Battery!" } })).status).toBe(401);
    await api.login(email, printedPassword(out));
  });

  it("fails with a message for an unknown account or command", () => {
    const unknown = userCommand("deactivate", "nobody@example.test");
    expect(unknown.status).toBe(1);
    expect(unknown.out).toContain("No account with email nobody@example.test");
    const bad = userCommand("explode", "x@example.test");
    expect(bad.status).toBe(1);
    expect(bad.out).toContain("usage:");
  });
});
