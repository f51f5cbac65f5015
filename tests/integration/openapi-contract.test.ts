import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { apiClient, STRONG_PASSWORD } from "../support/api-client";

/**
 * The API contract, checked from the outside: the OpenAPI document lists exactly the route
 * handlers on disk, and every listed operation answers hostile input with the error envelope
 * (never a 500).
 */

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const API_DIR = path.join(ROOT, "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type JsonSchema = {
  type?: string | string[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
};
type OpenApiOperation = {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
};
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, OpenApiOperation>> };

// ---------------------------------------------------------------------------------------------
// Route files on disk

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The HTTP methods a route file exports, read from its source text (importing it needs the server). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const names = METHODS.join("|");
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|var)\\s+(${names})\\b`, "g"))) found.add(m[1]);
  for (const m of source.matchAll(new RegExp(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${names})\\b`, "g"))) found.add(m[1]);
  // export const { GET, POST } = handlers;   export { GET, POST as PUT } from "…";
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}\s*=/g)) {
    for (const part of m[1].split(",")) {
      const name = part.split(":").pop()!.trim();
      if ((METHODS as readonly string[]).includes(name)) found.add(name);
    }
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(",")) {
      const name = part.split(/\s+as\s+/).pop()!.trim();
      if ((METHODS as readonly string[]).includes(name)) found.add(name);
    }
  }
  return [...found];
}

function routePairsOnDisk(): string[] {
  const pairs: string[] = [];
  for (const file of routeFiles(API_DIR)) {
    const dir = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
    // Auth.js owns its catch-all; it is not part of our JSON API.
    if (dir.some((segment) => segment === "[...nextauth]")) continue;
    const segments = dir
      .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups do not appear in URLs
      .map((segment) => segment.replace(/^\[\[?\.{0,3}(\w+)\]?\]$/, "{$1}"));
    const urlPath = "/" + segments.join("/");
    for (const method of exportedMethods(fs.readFileSync(file, "utf8"))) pairs.push(`${method} ${urlPath}`);
  }
  return pairs.sort();
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP: fetch refuses bodies on GET/DELETE-like requests we want to probe with, so use node:http.

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; body: unknown };

function raw(
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<RawResponse> {
  const url = new URL(urlPath, baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    // Without a Content-Length, node sends the body with Transfer-Encoding: chunked.
    if (options.body !== undefined && !options.chunked) headers["content-length"] = Buffer.byteLength(options.body);
    const req = http.request(url, { method, headers }, (res) => {
      const contentType = String(res.headers["content-type"] ?? "");
      if (contentType.startsWith("text/event-stream")) {
        // A live stream never ends by itself: its status and headers are all we look at.
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "", body: null });
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on("error", reject);
    });
    // The server may answer (413) and close before it has read a large body: a write error after
    // the response arrived is expected, one before it is a real failure.
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Values derived from a JSON schema

function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  const add = (s: JsonSchema) => {
    if (Array.isArray(s.type)) s.type.forEach((t) => types.add(t));
    else if (s.type) types.add(s.type);
    if (s.type === "integer") types.add("number");
    if (s.const !== undefined) types.add(typeof s.const);
    if (s.enum) for (const v of s.enum) types.add(v === null ? "null" : typeof v);
    for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) add(sub);
  };
  add(schema);
  return types;
}

/** A value of a JSON type the schema does not accept. */
function wrongValue(schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (types.size === 0) throw new Error(`cannot derive a wrong value for an unconstrained schema: ${JSON.stringify(schema)}`);
  if (types.has("string")) return types.has("number") ? (types.has("boolean") ? [] : true) : 12345;
  return "not-the-right-type";
}

/** A value the schema accepts (enough for the schemas of this API: strings, numbers, booleans). */
function validValue(name: string, schema: JsonSchema): unknown {
  const candidates = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].filter((s) => s.type !== "null");
  if (candidates.every((s) => !s.type && !s.enum && s.const === undefined) && typesOf(schema).has("null")) return null;
  for (const s of candidates) {
    if (s.const !== undefined) return s.const;
    if (s.examples?.length) return s.examples[0];
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
    if (type === "string") {
      if (s.format === "email" || /email/i.test(name)) return api.uniqueEmail("probe");
      if (s.format === "uuid") return randomUUID();
      if (s.format === "uri" || s.format === "url") return "https://example.test/";
      if (s.format === "date-time") return new Date().toISOString();
      if (/password/i.test(name)) return STRONG_PASSWORD;
      return "sample".padEnd(Math.max(6, s.minLength ?? 0), "x").slice(0, s.maxLength ?? 1000);
    }
    if (type === "integer" || type === "number") {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return s.maximum !== undefined ? Math.min(low, s.maximum) : low;
    }
    if (type === "boolean") return true;
    if (type === "object") return validBody(s);
    if (type === "array") return Array.from({ length: s.minItems ?? 0 }, (_, i) => validValue(`${name}.${i}`, s.items ?? {}));
  }
  throw new Error(`cannot derive a valid value for ${name}: ${JSON.stringify(schema)}`);
}

/** The smallest valid body: only the required properties (recursively), so no guesswork about optional ones. */
function validBody(schema: JsonSchema): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([k]) => required.has(k))
      .map(([k, s]) => [k, validValue(k, s)]),
  );
}

// ---------------------------------------------------------------------------------------------
// Envelope

const DOTTED_WIRE_PATH = /^(_root|[a-z][a-z0-9_]*|\d+)(\.([a-z][a-z0-9_]*|\d+))*$/;

type ErrorEnvelope = { error: { code: string; message: string; request_id: string; fields?: Record<string, string[]> } };

/** `clientKeys`: unknown keys the probe itself sent, reported under their own (non-snake_case) names. */
function expectEnvelope(res: RawResponse, label: string, clientKeys: string[] = []): ErrorEnvelope["error"] {
  expect(String(res.headers["content-type"]), label).toMatch(/^application\/json/);
  const body = res.body as ErrorEnvelope;
  expect(body, `${label}: ${res.text}`).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), request_id: expect.any(String) }),
  });
  const allowed = new Set(["code", "message", "request_id", "fields", "details"]);
  expect(Object.keys(body.error).filter((k) => !allowed.has(k)), label).toEqual([]);
  expect(body.error.code, label).toMatch(/^[a-z_]+$/);
  expect(body.error.message.length, label).toBeGreaterThan(0);
  expect(body.error.request_id, label).toBe(res.headers["x-request-id"]);
  if (body.error.fields !== undefined) {
    for (const [key, messages] of Object.entries(body.error.fields)) {
      if (!clientKeys.includes(key)) expect(key, `${label}: field key`).toMatch(DOTTED_WIRE_PATH);
      expect(messages, `${label}: messages of ${key}`).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(messages.length, `${label}: messages of ${key}`).toBeGreaterThan(0);
    }
  }
  return body.error;
}

/** Every response: a request id, never a 500, and the envelope on every error. */
function expectSane(res: RawResponse, label: string, clientKeys: string[] = []) {
  expect(res.headers["x-request-id"], label).toMatch(/^\S+$/);
  expect(res.status, `${label}: ${res.text.slice(0, 500)}`).not.toBeGreaterThanOrEqual(500);
  if (res.status >= 400) expectEnvelope(res, label, clientKeys);
}

// ---------------------------------------------------------------------------------------------

// Fetched at load time: the operations it lists become the tests below.
const docResponse = await api.request<OpenApiDocument>("GET", "/api/v1/openapi.json");
const doc = docResponse.body;

function documentedPairs(): string[] {
  const pairs: string[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) pairs.push(`${method.toUpperCase()} ${p}`);
  }
  return pairs.sort();
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document", () => {
    expect(docResponse.status).toBe(200);
    expect(docResponse.headers.get("content-type")).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  it("lists exactly the route handlers that exist under app/api", () => {
    const onDisk = routePairsOnDisk();
    const documented = documentedPairs();
    // Sanity of the file walk itself: it must find the handlers we know are there.
    expect(onDisk).toContain("GET /api/v1/jobs/{id}");
    expect(onDisk).toContain("DELETE /api/v1/auth/sessions/{id}");
    expect(onDisk.filter((p) => p.includes("nextauth"))).toEqual([]);
    expect(documented.filter((p) => !onDisk.includes(p)), "documented but no route handler").toEqual([]);
    expect(onDisk.filter((p) => !documented.includes(p)), "route handler missing from the document").toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("parses method exports in every form a route file may use", () => {
    expect(
      exportedMethods(
        [
          "export const GET = route(a, b);",
          "export async function POST(req) {}",
          "export function PUT() {}",
          "export const { PATCH, DELETE: DELETE } = handlers;",
          "const GETTER = 1; export const GETS = 2;",
        ].join("\n"),
      ).sort(),
    ).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"]);
  });
});

describe("every documented operation answers hostile input with the error envelope", () => {
  const UNKNOWN_PARAM = "unexpected_param";
  const PROTOTYPE_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty"];
  const BIG = 1.5 * 1024 * 1024;

  const operations = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op })),
  );
  /** Logging out ends the token it was sent with. */
  const destructive = (o: { method: string; path: string }) => o.method === "POST" && /\/logout$/.test(o.path);
  /**
   * Probes of account, settings and admin operations could change the user itself (password,
   * sessions, secrets): each gets a user of its own. The others share one, which saves a password
   * hash per operation.
   */
  const ownsItsUser = (o: { method: string; path: string }) => destructive(o) || /^\/api\/v1\/(auth|settings|admin)(\/|$)/.test(o.path);
  let shared: ReturnType<typeof api.newUser> | null = null;
  const userFor = (o: { method: string; path: string }) => (ownsItsUser(o) ? api.newUser("probe") : (shared ??= api.newUser("probe-shared")));

  it("covers a non-trivial number of operations", () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
  });

  it.each(operations)("$method $path", async ({ method, path: template, op }) => {
    let probed = 0;
    const observed = new Set<number>();
    {
      const label = `${method} ${template}`;
      const authenticated = (op.security ?? []).length > 0;
      const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(pathParams.sort(), `${label}: path parameters`).toEqual([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      const urlPath = template.replace(/\{(\w+)\}/g, () => randomUUID());
      const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      expect(queryNames, label).not.toContain(UNKNOWN_PARAM);
      // Required query parameters get valid values in every probe, so each probe tests one thing.
      const requiredQuery = (op.parameters ?? [])
        .filter((p) => p.in === "query" && p.required)
        .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(validValue(p.name, p.schema ?? {})))}`);
      const withRequired = (query = "") => {
        const extra = query.replace(/^\?/, "");
        const all = [...requiredQuery, ...(extra ? [extra] : [])];
        return all.length ? `?${all.join("&")}` : "";
      };

      let user: Awaited<ReturnType<typeof api.newUser>> | null = null;
      if (authenticated) user = await userFor({ method, path: template });
      /** Logging out ends the token, so a destructive operation gets a fresh session per probe. */
      const token = async () => {
        if (!user) return undefined;
        if (destructive({ method, path: template })) return (await api.login(user.email, user.password)).access_token;
        return user.tokens.access_token;
      };
      const send = async (
        probe: string,
        options: {
          query?: string;
          body?: string | Buffer;
          contentType?: string | null;
          auth?: boolean;
          chunked?: boolean;
          clientKeys?: string[];
        } = {},
      ) => {
        const headers: Record<string, string> = {};
        const t = options.auth === false ? undefined : await token();
        if (t) headers.authorization = `Bearer ${t}`;
        if (options.body !== undefined && options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
        const res = await raw(method, urlPath + withRequired(options.query), { headers, body: options.body, chunked: options.chunked });
        const where = `${label} [${probe}] → ${res.status}`;
        expectSane(res, where, options.clientKeys);
        observed.add(res.status);
        probed++;
        return { res, where };
      };

      const prototypeQueryProbe = async (body: string | undefined) => {
        const query = "?" + PROTOTYPE_KEYS.map((k) => `${encodeURIComponent(k)}=1`).join("&");
        const { res, where } = await send("g: query parameters named like Object.prototype members", { query, body, clientKeys: PROTOTYPE_KEYS });
        expect(res.status, where).toBe(422);
        const error = expectEnvelope(res, where, PROTOTYPE_KEYS);
        expect(error.code, where).toBe("validation_failed");
        // Next.js's own URL handling (searchParamsToUrlQuery assigns into a plain object) drops a
        // "__proto__" parameter before the handler sees the URL, so the server never learns it
        // was sent; every other such name must be reported.
        const reported = Object.keys(error.fields ?? {}).filter((k) => k !== "__proto__");
        expect(reported.sort(), where).toEqual(PROTOTYPE_KEYS.filter((k) => k !== "__proto__").sort());
      };

      const schema = op.requestBody?.content["application/json"]?.schema;
      if (schema) {
        expect(schema.type, `${label}: request body schema`).toBe("object");
        const properties = Object.keys(schema.properties ?? {});
        expect(properties.length, `${label}: declared properties`).toBeGreaterThan(0);

        for (const [probe, body] of [
          ["a: malformed JSON", '{"a":'],
          ["b: JSON array", JSON.stringify([{ a: 1 }])],
        ] as const) {
          const { res, where } = await send(probe, { body });
          expect(res.status, where).toBe(400);
          expect(expectEnvelope(res, where).code, where).toBe("malformed_json");
        }

        {
          const wrong = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, wrongValue(s)]));
          const { res, where } = await send("c: wrong types", { body: JSON.stringify(wrong) });
          expect(res.status, where).toBe(422);
          const error = expectEnvelope(res, where);
          expect(error.code, where).toBe("validation_failed");
          expect(Object.keys(error.fields ?? {}).sort(), `${where}: every mistyped property is named`).toEqual(expect.arrayContaining(properties));
        }

        {
          const required = schema.required ?? [];
          const { res, where } = await send("d: missing required fields", { body: "{}" });
          if (required.length > 0) {
            expect(res.status, where).toBe(422);
            const error = expectEnvelope(res, where);
            expect(error.code, where).toBe("validation_failed");
            expect(Object.keys(error.fields ?? {}), where).toEqual(expect.arrayContaining(required));
          } else {
            // Nothing is required (a partial update): {} is a valid body.
            expect([400, 413, 415], where).not.toContain(res.status);
          }
        }

        {
          const { res, where } = await send("e: unknown extra key", { body: JSON.stringify({ ...validBody(schema), surprise_key: 1 }) });
          expect(res.status, where).toBe(422);
          const error = expectEnvelope(res, where);
          expect(error.code, where).toBe("validation_failed");
          expect(error.fields, where).toHaveProperty(["surprise_key"]);
        }

        {
          // Unknown keys named after Object.prototype members are unknown keys like any other.
          // Written as text: JSON.stringify of an object literal would not keep an own "__proto__" key.
          const members = [
            ...PROTOTYPE_KEYS.map((k) => `${JSON.stringify(k)}:{"x":1}`),
            ...Object.entries(validBody(schema)).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`),
          ];
          const body = `{${members.join(",")}}`;
          const { res, where } = await send("e: keys named like Object.prototype members", { body, clientKeys: PROTOTYPE_KEYS });
          expect(res.status, where).toBe(422);
          const error = expectEnvelope(res, where, PROTOTYPE_KEYS);
          expect(error.code, where).toBe("validation_failed");
          expect(Object.keys(error.fields ?? {}).sort(), where).toEqual([...PROTOTYPE_KEYS].sort());
        }

        {
          const big = JSON.stringify({ ...validBody(schema), padding: "x".repeat(BIG) });
          const { res, where } = await send("f: 1.5 MB body", { body: big });
          expect(res.status, where).toBe(413);
          expect(expectEnvelope(res, where).code, where).toBe("payload_too_large");
          // The same without a Content-Length to judge by: the size is counted as it arrives.
          const chunked = await send("f: 1.5 MB body, chunked", { body: big, chunked: true });
          expect(chunked.res.status, chunked.where).toBe(413);
          expect(expectEnvelope(chunked.res, chunked.where).code, chunked.where).toBe("payload_too_large");
        }

        {
          const { res, where } = await send("g: unknown query parameter", {
            query: `?${UNKNOWN_PARAM}=1`,
            body: JSON.stringify(validBody(schema)),
          });
          expect(res.status, where).toBe(422);
          const error = expectEnvelope(res, where);
          expect(error.code, where).toBe("validation_failed");
          expect(Object.keys(error.fields ?? {}), where).toEqual([UNKNOWN_PARAM]);
        }
        await prototypeQueryProbe(JSON.stringify(validBody(schema)));
      } else {
        // Without a declared body, a body is ignored: any answer but a 500 (the envelope on errors).
        for (const [probe, body] of [
          ["a: malformed JSON", '{"a":'],
          ["b: JSON array", "[1,2]"],
          ["c: wrong types", JSON.stringify({ id: 1, name: false })],
          ["d: empty object", "{}"],
          ["e: unknown extra key", JSON.stringify({ surprise_key: 1 })],
          ["f: 1.5 MB body", JSON.stringify({ padding: "x".repeat(BIG) })],
        ] as const) {
          const { res, where } = await send(probe, { body });
          expect(res.status, where).toBeGreaterThanOrEqual(200);
          expect(res.status, where).toBeLessThan(500);
        }
        const rawType = Object.keys(op.requestBody?.content ?? {}).find((t) => t !== "application/json");
        if (rawType) {
          // A raw (non-JSON) body is read by the handler itself: none at all, or JSON, is refused.
          const { res, where } = await send("baseline: no body");
          expect([415, 422], where).toContain(res.status);
          const json = await send("a JSON body to a raw-body operation", { body: "{}" });
          expect(json.res.status, json.where).toBe(415);
        } else {
          const { res, where } = await send("baseline");
          if (pathParams.length > 0) {
            // A random id names nothing of this user's.
            expect(res.status, where).toBe(404);
            // not_found, or a more specific one such as symbol_not_found.
            expect(expectEnvelope(res, where).code, where).toMatch(/(^|_)not_found$/);
          } else {
            expect(res.status, where).toBeLessThan(300);
          }
        }
        {
          const { res, where } = await send("g: unknown query parameter", { query: `?${UNKNOWN_PARAM}=1` });
          expect(res.status, where).toBe(422);
          const error = expectEnvelope(res, where);
          expect(error.code, where).toBe("validation_failed");
          expect(Object.keys(error.fields ?? {}), where).toEqual([UNKNOWN_PARAM]);
        }
        await prototypeQueryProbe(undefined);
      }

      if (authenticated) {
        const { res, where } = await send("h: no token", { auth: false, body: schema ? JSON.stringify(validBody(schema)) : undefined });
        expect(res.status, where).toBe(401);
        expect(expectEnvelope(res, where).code, where).toBe("unauthenticated");
        const bad = await raw(method, urlPath, { headers: { authorization: "Bearer not-a-token" } });
        expectSane(bad, `${label} [h: bad token]`);
        expect(bad.status, `${label} [h: bad token]`).toBe(401);
        expect(expectEnvelope(bad, `${label} [h: bad token]`).code).toBe("unauthenticated");
      }
    }
    // Every status the operation answered with is one its document promises.
    expect([...observed].filter((status) => !(String(status) in (op.responses ?? {}))), "statuses missing from the document").toEqual([]);
    // Every probe above ran (none was skipped by a missing branch).
    const expectedProbes = (op.requestBody ? 10 : 9) + ((op.security ?? []).length > 0 ? 1 : 0);
    expect(probed).toBe(expectedProbes);
    // Logout signs in afresh for each of its ~13 probes, and password hashing is slow by design.
  }, 120_000);
});
