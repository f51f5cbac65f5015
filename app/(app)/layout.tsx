import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/current-user";

// Every page here depends on the session cookie; nothing may be cached across users.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser();
  return <AppShell user={user}>{children}</AppShell>;
}
