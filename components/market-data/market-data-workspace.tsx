"use client";

import { useCallback, useState, type ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CoverageTable } from "./coverage-table";
import { DownloadForm } from "./download-form";
import { ImportForm } from "./import-form";
import { ImportsList } from "./imports-list";

function Section({ title, id, children, className }: { title: string; id: string; children: ReactNode; className?: string }) {
  return (
    <Card aria-labelledby={id} className={className}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The Market data page's sections; a finished download, import or delete re-reads the tables. */
export function MarketDataWorkspace({ timeframes, maxImportBytes }: { timeframes: readonly string[]; maxImportBytes: number }) {
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <div className="flex flex-col gap-4">
      <Section title="Stored candles" id="data-coverage">
        <CoverageTable version={version} />
      </Section>
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <Section title="Download candles" id="data-download">
          <DownloadForm timeframes={timeframes} onFinished={changed} />
        </Section>
        <Section title="Import CSV" id="data-import">
          <ImportForm timeframes={timeframes} maxBytes={maxImportBytes} onImported={changed} />
        </Section>
      </div>
      <Section title="Your imports" id="data-imports">
        <ImportsList version={version} onDeleted={changed} />
      </Section>
    </div>
  );
}
