import { buildOpenApiDocument } from "./openapi";

// The document is plain JSON built a few lines away; typing every level would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export type DocSection = {
  tag: string;
  operations: {
    method: string;
    path: string;
    summary: string;
    authenticated: boolean;
    requestSchema: unknown;
    parameters: { name: string; in: string; required: boolean }[];
    responses: { status: string; description: string; schema: unknown }[];
  }[];
};

/** The OpenAPI document grouped by tag, in the shape the /docs/api page renders. */
export function apiDocSections(): { title: string; version: string; description: string; sections: DocSection[] } {
  const doc = buildOpenApiDocument() as Json;
  const byTag = new Map<string, DocSection>();
  for (const [path, methods] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(methods as Json)) {
      const tag = (op.tags?.[0] as string) ?? "other";
      if (!byTag.has(tag)) byTag.set(tag, { tag, operations: [] });
      byTag.get(tag)!.operations.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary,
        authenticated: (op.security ?? []).length > 0,
        requestSchema: op.requestBody?.content?.["application/json"]?.schema,
        parameters: (op.parameters ?? []).map((p: Json) => ({ name: p.name, in: p.in, required: Boolean(p.required) })),
        responses: Object.entries(op.responses as Json).map(([status, r]) => ({
          status,
          description: (r as Json).description,
          schema: Object.values(((r as Json).content ?? {}) as Json)[0]?.schema,
        })),
      });
    }
  }
  return { title: doc.info.title, version: doc.info.version, description: doc.info.description, sections: [...byTag.values()] };
}
