import type { Metadata } from "next";
import { OperationCard } from "@/components/api-docs/operation-card";
import { apiDocSections } from "@/lib/http/openapi-view";

export const metadata: Metadata = { title: "API reference" };

// GET /docs/api – the OpenAPI document rendered by the app itself (no CDN, no client script)
export default function ApiDocsPage() {
  const docs = apiDocSections();
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <header className="mb-6">
        <h1 className="text-xl font-semibold">
          {docs.title} <span className="text-sm font-normal text-muted-foreground">v{docs.version}</span>
        </h1>
        <p className="mt-1 text-sm text-muted-foreground">{docs.description}</p>
        <p className="mt-1 text-sm">
          Machine-readable: <a className="text-primary underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </p>
      </header>
      <nav aria-label="Sections" className="mb-6 flex flex-wrap gap-3 text-sm">
        {docs.sections.map((s) => (
          <a key={s.tag} href={`#tag-${s.tag}`} className="text-primary hover:underline">
            {s.tag}
          </a>
        ))}
      </nav>
      {docs.sections.map((section) => (
        <section key={section.tag} id={`tag-${section.tag}`} className="mb-8" aria-labelledby={`tag-${section.tag}-title`}>
          <h2 id={`tag-${section.tag}-title`} className="mb-3 text-base font-semibold capitalize">
            {section.tag}
          </h2>
          <div className="space-y-3">
            {section.operations.map((op) => (
              <OperationCard key={`${op.method} ${op.path}`} op={op} />
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}
