import { z } from "zod";

/** Response shapes shared across the API, for the OpenAPI document. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    request_id: z.string(),
  }),
});

export const idParamSchema = z.string().min(1).max(64);
