import { describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

describe("GET /api/health", () => {
  const api = apiClient(inject("baseUrl"));

  it("answers ok with the version, uptime and database status", async () => {
    const res = await api.request("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", db: "ok", version: expect.any(String) });
    expect(Number.isInteger((res.body as { uptime_s: number }).uptime_s)).toBe(true);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
