import { z } from "zod";
import packageJson from "@/package.json";
import { ALL_OPERATIONS } from "./operations-index";
import type { Operation } from "./operation";
import { errorEnvelopeSchema } from "./wire-schemas";

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const STANDARD_ERRORS: Record<number, string> = {
  400: "malformed_json",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited (with Retry-After)",
  500: "internal_error",
};

function parameters(op: Operation): JsonSchema[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (!op.query) return path;
  const query = toSchema(op.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return [
    ...path,
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name,
      in: "query",
      required: query.required?.includes(name) ?? false,
      schema,
    })),
  ];
}

function operationObject(op: Operation): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    const contentType = response.contentType ?? "application/json";
    const schema = response.schema ? toSchema(response.schema, "output") : Number(status) >= 400 ? ERROR_REF : undefined;
    responses[status] = { description: response.description, ...(schema ? { content: { [contentType]: { schema } } } : {}) };
  }
  const errors = { ...STANDARD_ERRORS, ...(op.auth === "user" ? { 401: "unauthenticated" } : {}) };
  for (const [status, description] of Object.entries(errors)) {
    if (!op.body && (status === "400" || status === "413" || status === "415")) continue;
    responses[status] ??= { description, content: { "application/json": { schema: ERROR_REF } } };
  }
  return {
    operationId: `${op.method.toLowerCase()}${op.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth === "user" ? { security: [{ bearer: [] }, { cookie: [] }] } : { security: [] }),
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(op.body, "input") } } } } : {}),
    ...(op.rawBody ? { requestBody: { required: true, description: op.rawBody.description, content: { [op.rawBody.contentType]: { schema: { type: "string" } } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the route handlers parse with. */
export function buildOpenApiDocument(operations: Operation[] = ALL_OPERATIONS): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "AutoCbot API",
      version: packageJson.version,
      description:
        "JSON in and out, snake_case on the wire, instants as UTC epoch milliseconds. Authenticate with `Authorization: Bearer <access token>` from POST /api/v1/auth/login.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
      },
      schemas: { Error: toSchema(errorEnvelopeSchema, "output") },
    },
    paths,
  };
}
