import { Globe, Monitor } from "lucide-react";
import { describeUserAgent } from "@/components/format/describe-user-agent";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SessionView } from "@/lib/auth/types";
import { SessionRevokeButton } from "./session-revoke-button";

type SessionsTableProps = {
  sessions: readonly SessionView[];
  currentSessionId: string;
};

export function SessionsTable({ sessions, currentSessionId }: SessionsTableProps) {
  return (
    <Table data-testid="sessions-table">
      <caption className="sr-only">Active sessions</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Client</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last seen</TableHead>
          <TableHead>IP address</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.map((session) => {
          const isCurrent = session.id === currentSessionId;
          const client = describeUserAgent(session.userAgent);
          const KindIcon = session.kind === "api" ? Globe : Monitor;
          return (
            <TableRow key={session.id} data-testid="session-row" data-current={isCurrent || undefined}>
              <TableCell>
                <span className="inline-flex items-center gap-2">
                  <span className="max-w-56 truncate font-medium" title={session.userAgent ?? undefined}>
                    {client}
                  </span>
                  {isCurrent ? (
                    <Badge variant="success" data-testid="this-device">
                      This device
                    </Badge>
                  ) : null}
                </span>
              </TableCell>
              <TableCell>
                <span className="inline-flex items-center gap-1.5 text-muted-foreground">
                  <KindIcon className="size-3.5" aria-hidden="true" />
                  {session.kind === "api" ? "API" : "Browser"}
                </span>
              </TableCell>
              <TableCell className="text-muted-foreground">
                <UtcTime epochMs={session.createdAt} />
              </TableCell>
              <TableCell className="text-muted-foreground">
                <UtcTime epochMs={session.lastSeenAt} />
              </TableCell>
              <TableCell className="font-mono text-xs text-muted-foreground">{session.ip ?? "Unknown"}</TableCell>
              <TableCell className="text-right">
                {isCurrent ? null : <SessionRevokeButton sessionId={session.id} sessionLabel={`${client} session`} />}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
