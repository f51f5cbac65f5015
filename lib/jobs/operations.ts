import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";

export const jobSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  progress: z.number().int().min(0).max(100),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  created_at: z.number().int(),
  started_at: z.number().int().nullable(),
  finished_at: z.number().int().nullable(),
});

export const jobOps = {
  get: defineOperation({
    method: "GET",
    path: "/api/v1/jobs/{id}",
    summary: "A background job of the caller: status, progress 0–100 and result.",
    tag: "jobs",
    auth: "user",
    responses: { 200: { description: "The job", schema: jobSchema }, 404: { description: "No such job of the caller" } },
  }),
  cancel: defineOperation({
    method: "POST",
    path: "/api/v1/jobs/{id}/cancel",
    summary: "Ask a job of the caller to stop. A queued job is cancelled at once; a running one at its next check.",
    tag: "jobs",
    auth: "user",
    responses: { 200: { description: "The job", schema: jobSchema }, 404: { description: "No such job of the caller" } },
  }),
};
