import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "./next-auth";
import { validateSession } from "./sessions";
import { safeNextPath } from "./next-path";
import type { AuthContext } from "./types";

/** The signed-in browser user, or null. Cached per request: the layout and the page share one lookup. */
export const getCurrentUser = cache(async (): Promise<AuthContext | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sid = session?.sid;
  if (!userId || !sid) return null;
  const live = await validateSession(sid, userId);
  return live ? { user: live.user, sessionId: sid, via: "cookie" } : null;
});

export async function requireUser(): Promise<AuthContext> {
  const current = await getCurrentUser();
  if (!current) {
    const path = (await headers()).get("x-autocbot-path");
    redirect(`/login?next=${encodeURIComponent(safeNextPath(path))}`);
  }
  return current;
}

/** Admin pages answer 404 to everyone else, like any resource they may not see. */
export async function requireAdmin(): Promise<AuthContext> {
  const current = await requireUser();
  if (current.user.role !== "admin") notFound();
  return current;
}
