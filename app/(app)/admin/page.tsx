import { Users } from "lucide-react";
import type { Metadata } from "next";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listUsersForAdmin } from "@/lib/auth/admin";
import { requireAdmin } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { user } = await requireAdmin();
  const users = await listUsersForAdmin(user.id);

  return (
    <div data-testid="admin">
      <PageHeader title="Admin" description="Accounts on this AutoCbot server." />
      <Card>
        <CardHeader>
          <CardTitle>Users</CardTitle>
          <Badge variant="neutral" data-testid="user-count">
            {users.length} {users.length === 1 ? "user" : "users"}
          </Badge>
        </CardHeader>
        {users.length <= 1 ? (
          <CardContent>
            <EmptyState
              icon={Users}
              title="No other users yet"
              description="You are the only account on this server. People who register will be listed here."
              className="py-12"
            />
          </CardContent>
        ) : (
          <UsersTable users={users} currentUserId={user.id} />
        )}
      </Card>
    </div>
  );
}
