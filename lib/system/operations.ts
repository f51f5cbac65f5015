import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";

const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  version: z.string(),
  uptime_s: z.number().int(),
  db: z.enum(["ok", "error"]),
});

export const systemOps = {
  health: defineOperation({
    method: "GET",
    path: "/api/health",
    summary: "Liveness and database check.",
    tag: "system",
    auth: "none",
    responses: { 200: { description: "Healthy", schema: healthSchema }, 503: { description: "The database cannot be queried", schema: healthSchema } },
  }),
  openapi: defineOperation({
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This document.",
    tag: "system",
    auth: "none",
    responses: { 200: { description: "OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()) } },
  }),
};
