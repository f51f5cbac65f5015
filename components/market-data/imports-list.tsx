"use client";

import { FileSpreadsheet, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { TableSkeletonRows } from "./table-skeleton-rows";
import type { ImportItemWire } from "./types";

type ImportList = { items: ImportItemWire[]; next_cursor: string | null };

const STATUS_LABEL: Record<ImportItemWire["status"], { label: string; variant: "success" | "warning" | "neutral" }> = {
  published: { label: "Ready", variant: "success" },
  publishing: { label: "Publishing", variant: "warning" },
  staging: { label: "Checking", variant: "neutral" },
};

/** The user's CSV imports, newest first, each with a two-step delete. */
export function ImportsList({ version, onDeleted }: { version: number; onDeleted: () => void }) {
  const { data, error, loading, retry } = useApiResource<ImportList>("/market/imports?limit=100", { version });

  // The error stays up (Retry keeps focus) while a retry runs; the skeleton is for the first read.
  if (error && !data) return <RetryError title="Your imports could not be loaded" description={error.message} onRetry={retry} />;
  if (loading) return <TableSkeletonRows label="Loading your imports…" />;
  const items = data?.items ?? [];
  if (items.length === 0) {
    return <EmptyState icon={FileSpreadsheet} title="No imports yet" description="Files you import appear here; deleting one removes its candles." />;
  }
  return (
    <>
      <Table data-testid="imports-table">
        <caption className="sr-only">Your imported candle files</caption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead>Symbol</TableHead>
            <TableHead>Timeframe</TableHead>
            <TableHead>From (UTC)</TableHead>
            <TableHead>To (UTC)</TableHead>
            <TableHead className="text-right">Imported</TableHead>
            <TableHead>Imported at</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <ImportRow key={item.id} item={item} onDeleted={onDeleted} />
          ))}
        </TableBody>
      </Table>
      {data?.next_cursor ? <p className="mt-2 text-xs text-muted-foreground">Showing the newest {items.length} imports.</p> : null}
    </>
  );
}

function ImportRow({ item, onDeleted }: { item: ImportItemWire; onDeleted: () => void }) {
  const { toast } = useToast();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Focus follows the step, so keyboard users land on the choice they just opened or closed.
  const moveFocus = useRef(false);
  const status = STATUS_LABEL[item.status];
  const label = `${item.source} (${item.symbol} ${item.timeframe})`;

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (confirming ? confirmRef : openRef).current?.focus();
  }, [confirming]);

  const step = (next: boolean) => {
    moveFocus.current = true;
    setConfirming(next);
  };

  async function remove() {
    setDeleting(true);
    try {
      await apiRequest("DELETE", `/market/imports/${encodeURIComponent(item.id)}`);
      toast({ variant: "success", title: "Import deleted", description: `${label} and its candles were removed.` });
      onDeleted();
    } catch (error) {
      toast({ variant: "error", title: "Import not deleted", description: asApiError(error).message });
      setDeleting(false);
      step(false);
    }
  }

  return (
    <TableRow data-testid="import-row">
      <TableCell>
        <span className="max-w-56 truncate font-mono text-xs" title={item.source}>
          {item.source}
        </span>
      </TableCell>
      <TableCell className="font-medium">{item.symbol}</TableCell>
      <TableCell>{item.timeframe}</TableCell>
      <TableCell className="text-muted-foreground">{item.first_open_time === null ? "—" : <UtcTime epochMs={item.first_open_time} />}</TableCell>
      <TableCell className="text-muted-foreground">{item.last_open_time === null ? "—" : <UtcTime epochMs={item.last_open_time} />}</TableCell>
      <TableCell className="text-right" title={`${item.duplicates} duplicates, ${item.conflicts} conflicts`}>
        {item.imported.toLocaleString("en-US")}
      </TableCell>
      <TableCell className="text-muted-foreground">
        <UtcTime epochMs={item.created_at} />
      </TableCell>
      <TableCell>
        <Badge variant={status.variant}>{status.label}</Badge>
      </TableCell>
      <TableCell className="text-right">
        {confirming ? (
          <span
            role="group"
            aria-label={`Confirm deleting ${label}`}
            className="inline-flex items-center gap-2"
            onKeyDown={(event) => {
              if (event.key === "Escape" && !deleting) step(false);
            }}
          >
            <span className="text-xs text-muted-foreground">Delete with its candles?</span>
            <Button ref={confirmRef} variant="danger" size="sm" loading={deleting} onClick={remove} data-testid="import-delete-confirm">
              Delete<span className="sr-only"> {label}</span>
            </Button>
            <Button variant="ghost" size="sm" onClick={() => step(false)} disabled={deleting}>
              Cancel
            </Button>
          </span>
        ) : (
          <Button ref={openRef} variant="secondary" size="sm" onClick={() => step(true)} data-testid="import-delete">
            <Trash2 className="size-3.5" aria-hidden="true" />
            Delete<span className="sr-only"> {label}</span>
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
