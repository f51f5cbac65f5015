import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { hashPasswordWith } from "@/lib/auth/password-hash";
import { apiClient, STRONG_PASSWORD } from "../support/api-client";

const api = apiClient(inject("baseUrl"));
const db = new Database(inject("databasePath"));
afterAll(() => db.close());

describe("password hashes", () => {
  it("are stored as PHC strings with the OWASP scrypt parameters", async () => {
    const { user } = await api.register();
    const row = db.prepare("select password_hash from users where id = ?").get(user.id) as { password_hash: string };
    expect(row.password_hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  it("are rehashed at sign-in when the parameters changed", async () => {
    const { email, user } = await api.register();
    const weaker = await hashPasswordWith(STRONG_PASSWORD, { ln: 14, r: 8, p: 1 });
    db.prepare("update users set password_hash = ? where id = ?").run(weaker, user.id);
    await api.login(email);
    const row = db.prepare("select password_hash from users where id = ?").get(user.id) as { password_hash: string };
    expect(row.password_hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    await api.login(email);
  });
});
