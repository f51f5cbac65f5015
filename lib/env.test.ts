import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const base = { AUTH_SECRET: "s".repeat(40), ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") };

describe("environment", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 3000,
      DATABASE_PATH: "./data/autocbot.db",
      REGISTRATION: "open",
      SESSION_MAX_AGE_HOURS: 12,
      SESSION_IDLE_MINUTES: 120,
      TRUST_PROXY: false,
      TRUST_PROXY_HOPS: 1,
      RATE_LIMIT_SCALE: 1,
      AUTH_TRUST_HOST: true,
    });
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ ...base, REDIS_URL: "", PORT: " " }).PORT).toBe(3000);
  });

  it.each([
    ["PORT", "70000"],
    ["RATE_LIMIT_SCALE", "0"],
    ["TRUST_PROXY", "maybe"],
    ["REGISTRATION", "invite-only"],
    ["ENCRYPTION_KEY", "c2hvcnQ="],
    ["AUTH_SECRET", "short"],
    ["REDIS_URL", "not a url"],
  ])("names the variable when %s is wrong", (name, value) => {
    try {
      parseEnv({ ...base, [name]: value });
      expect.unreachable(`${name}=${value} was accepted`);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it("requires both secrets", () => {
    expect(() => parseEnv({})).toThrow(/AUTH_SECRET[\s\S]*ENCRYPTION_KEY/);
  });
});
