"use client";

import { Bot, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EnabledSwitch } from "./enabled-switch";
import { typeLabelOf } from "./format";
import { ImportButton } from "./import-button";
import { LastBacktestCell } from "./last-backtest";
import { StrategyActions } from "./strategy-actions";
import type { StrategyList, StrategyListItem, StrategyView, TypeLabel } from "./types";

const PAGE_SIZE = 25;
const SHOWN_PAIRS = 3;

const linkId = (id: string) => `strategy-link-${id}`;

/**
 * The trader's strategies, newest first, a page at a time. Changes made here (toggle, duplicate,
 * import, delete) are applied to the rows in place rather than by reloading, so pages already
 * loaded with "Load more" stay on screen.
 */
export function StrategiesWorkspace({ types }: { types: readonly TypeLabel[] }) {
  const first = useApiResource<StrategyList>(`/strategies?limit=${PAGE_SIZE}`);
  const [added, setAdded] = useState<StrategyListItem[]>([]);
  const [more, setMore] = useState<StrategyListItem[]>([]);
  // undefined until a later page is read: the first page's cursor applies.
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [patched, setPatched] = useState<Record<string, StrategyView>>({});
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  const seen = new Set<string>();
  const items = [...added, ...(first.data?.items ?? []), ...more]
    .filter((item) => {
      if (removed.has(item.id) || seen.has(item.id)) return false;
      seen.add(item.id);
      return true;
    })
    .map((item) => (patched[item.id] ? { ...item, ...patched[item.id] } : item));
  const nextCursor = cursor === undefined ? (first.data?.next_cursor ?? null) : cursor;

  const prepend = (strategy: StrategyView) => setAdded((current) => [{ ...strategy, last_backtest: null }, ...current]);
  const patch = (strategy: StrategyView) => setPatched((current) => ({ ...current, [strategy.id]: strategy }));
  const remove = (id: string) => setRemoved((current) => new Set(current).add(id));

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await apiRequest<StrategyList>("GET", `/strategies?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`);
      setMore((current) => [...current, ...page.items]);
      setCursor(page.next_cursor);
      // The button may be gone now; the first new row is where the reader continues.
      const firstNew = page.items[0];
      if (firstNew) requestAnimationFrame(() => document.getElementById(linkId(firstNew.id))?.focus());
    } catch (error) {
      setMoreError(asApiError(error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  let body;
  if (first.error && !first.data) {
    body = <RetryError title="Your strategies could not be loaded" description={first.error.message} onRetry={first.retry} />;
  } else if (first.loading) {
    body = <TableSkeletonRows label="Loading your strategies…" />;
  } else if (items.length === 0) {
    body = (
      <EmptyState
        icon={Bot}
        title="No strategies yet"
        description="A strategy is the rules a bot or a backtest trades by. Start from a template type or build your own rules, or import an exported file."
        action={
          <Button asChild>
            <Link href="/strategies/new">
              <Plus className="size-3.5" aria-hidden="true" />
              Create your first strategy
            </Link>
          </Button>
        }
        className="py-12"
      />
    );
  } else {
    body = (
      <>
        <Table data-testid="strategies-table">
          <caption className="sr-only">Your strategies, newest first</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Name</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Pairs</TableHead>
              <TableHead>Timeframe</TableHead>
              <TableHead>Enabled</TableHead>
              <TableHead>Last backtest</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <StrategyRow key={item.id} item={item} types={types} onChanged={patch} onDuplicated={prepend} onDeleted={() => remove(item.id)} />
            ))}
          </TableBody>
        </Table>
        <div className="flex flex-wrap items-center gap-3 border-t border-border px-3 py-2 text-xs text-muted-foreground">
          <span aria-live="polite">
            {items.length} {items.length === 1 ? "strategy" : "strategies"}
            {nextCursor ? " shown" : ""}
          </span>
          {nextCursor ? (
            <Button variant="secondary" size="sm" loading={loadingMore} onClick={loadMore}>
              Load more
            </Button>
          ) : null}
          {moreError ? <span className="text-danger">{moreError}</span> : null}
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Strategies"
        description="The rules your bots and backtests trade by."
        actions={
          <>
            <ImportButton onImported={prepend} />
            <Button asChild>
              <Link href="/strategies/new">
                <Plus className="size-3.5" aria-hidden="true" />
                New strategy
              </Link>
            </Button>
          </>
        }
      />
      <Card>
        <CardContent className="p-0">{body}</CardContent>
      </Card>
    </>
  );
}

function StrategyRow({
  item,
  types,
  onChanged,
  onDuplicated,
  onDeleted,
}: {
  item: StrategyListItem;
  types: readonly TypeLabel[];
  onChanged: (strategy: StrategyView) => void;
  onDuplicated: (copy: StrategyView) => void;
  onDeleted: () => void;
}) {
  const hidden = item.symbols.length - SHOWN_PAIRS;
  return (
    <TableRow data-testid="strategy-row">
      <TableCell className="max-w-64">
        <Link id={linkId(item.id)} href={`/strategies/${encodeURIComponent(item.id)}`} className="block truncate font-medium text-foreground hover:text-primary hover:underline">
          {item.name}
        </Link>
        {item.description ? <span className="block max-w-64 truncate text-[11px] text-muted-foreground">{item.description}</span> : null}
      </TableCell>
      <TableCell className="text-muted-foreground">
        {typeLabelOf(types, item.type)}
        {item.risk.allow_short ? (
          <Badge className="ml-1.5" title="Allows shorts: can be backtested, not enabled as a bot yet">
            Shorts
          </Badge>
        ) : null}
      </TableCell>
      <TableCell>
        <span className="inline-flex items-center gap-1 font-mono text-xs">
          {item.symbols.slice(0, SHOWN_PAIRS).join(", ")}
          {hidden > 0 ? (
            <span className="text-muted-foreground" title={item.symbols.slice(SHOWN_PAIRS).join(", ")}>
              +{hidden}
            </span>
          ) : null}
        </span>
      </TableCell>
      <TableCell>{item.timeframe}</TableCell>
      <TableCell>
        <EnabledSwitch strategy={item} onChange={onChanged} />
      </TableCell>
      <TableCell>
        <LastBacktestCell backtest={item.last_backtest} />
      </TableCell>
      <TableCell>
        <StrategyActions compact strategy={item} onDuplicated={onDuplicated} onDeleted={onDeleted} />
      </TableCell>
    </TableRow>
  );
}
