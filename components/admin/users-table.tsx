import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PublicUser } from "@/lib/auth/types";

export function UsersTable({ users, currentUserId }: { users: readonly PublicUser[]; currentUserId: string }) {
  return (
    <Table data-testid="users-table">
      <caption className="sr-only">Registered users</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Email</TableHead>
          <TableHead>Name</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last sign-in</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => (
          <TableRow key={user.id} data-testid="user-row">
            <TableCell className="font-medium">
              {user.email}
              {user.id === currentUserId ? (
                <Badge variant="primary" className="ml-2">
                  You
                </Badge>
              ) : null}
            </TableCell>
            <TableCell className="text-muted-foreground">{user.name ?? "—"}</TableCell>
            <TableCell>
              <Badge variant={user.role === "admin" ? "warning" : "neutral"}>
                {user.role === "admin" ? "Admin" : "User"}
              </Badge>
            </TableCell>
            <TableCell>
              <Badge variant={user.isActive ? "success" : "danger"}>{user.isActive ? "Active" : "Disabled"}</Badge>
            </TableCell>
            <TableCell className="text-muted-foreground">
              <UtcTime epochMs={user.createdAt} />
            </TableCell>
            <TableCell className="text-muted-foreground">
              {user.lastLoginAt === null ? "Never" : <UtcTime epochMs={user.lastLoginAt} />}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
