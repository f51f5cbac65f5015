import { Badge } from "@/components/ui/badge";

import type { DocSection } from "@/lib/http/openapi-view";

type DocOperation = DocSection["operations"][number];

const METHOD_COLOURS: Record<string, string> = {
  GET: "text-sky-400",
  POST: "text-emerald-400",
  PUT: "text-amber-400",
  PATCH: "text-amber-400",
  DELETE: "text-red-400",
};

function SchemaBlock({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs text-muted-foreground hover:text-foreground">{label}</summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded border border-border bg-background p-2 text-[11px] leading-snug">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

/** One operation of the OpenAPI document, rendered without any client-side script. */
export function OperationCard({ op }: { op: DocOperation }) {
  const id = `${op.method}-${op.path}`.replace(/[^A-Za-z0-9]+/g, "-");
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="rounded-md border border-border bg-card p-3" data-testid="api-operation">
      <h3 id={`${id}-title`} className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className={`font-semibold ${METHOD_COLOURS[op.method] ?? ""}`}>{op.method}</span>
        <span>{op.path}</span>
        {op.authenticated ? <Badge variant="primary">auth</Badge> : <Badge>public</Badge>}
      </h3>
      <p className="mt-1 text-sm text-muted-foreground">{op.summary}</p>
      {op.parameters.length > 0 && (
        <p className="mt-1 text-xs text-muted-foreground">
          Parameters:{" "}
          {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ", required" : ""})`).join(", ")}
        </p>
      )}
      {op.requestSchema !== undefined && <SchemaBlock label="Request body (application/json)" schema={op.requestSchema} />}
      <ul className="mt-2 space-y-0.5 text-xs">
        {op.responses.map((r) => (
          <li key={r.status}>
            <span className="font-mono">{r.status}</span> <span className="text-muted-foreground">{r.description}</span>
            {r.schema !== undefined && <SchemaBlock label={`Schema of ${r.status}`} schema={r.schema} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
