"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown, LogOut, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ShellUser } from "./shell-user";

function initialsOf(user: ShellUser): string {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "")).toUpperCase() || "?";
}

const ITEM_CLASS =
  "flex h-8 w-full cursor-default select-none items-center gap-2 rounded px-2 text-body text-foreground outline-none data-[highlighted]:bg-muted";

export function UserMenu({ user }: { user: ShellUser }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex h-8 items-center gap-2 rounded-md px-1.5 text-body text-foreground hover:bg-muted data-[state=open]:bg-muted"
        aria-label={`Account menu for ${user.name ?? user.email}`}
        data-testid="user-menu-trigger"
      >
        <span
          aria-hidden="true"
          className="flex size-6 items-center justify-center rounded-full bg-primary/15 text-[11px] font-semibold text-primary"
        >
          {initialsOf(user)}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{user.name ?? user.email}</span>
        <ChevronDown className="size-3.5 text-muted-foreground" aria-hidden="true" />
      </DropdownMenu.Trigger>

      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-lg border border-border-strong bg-surface-raised p-1 shadow-xl shadow-black/50"
        >
          <DropdownMenu.Label className="px-2 py-1.5">
            {user.name ? <p className="truncate text-body font-medium text-foreground">{user.name}</p> : null}
            <p className="truncate text-xs text-muted-foreground" data-testid="user-menu-email">
              {user.email}
            </p>
            <Badge variant={user.role === "admin" ? "warning" : "neutral"} className="mt-1.5">
              {user.role === "admin" ? "Admin" : "User"}
            </Badge>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item asChild className={ITEM_CLASS}>
            <Link href="/settings/security">
              <ShieldCheck className="size-4 text-muted-foreground" aria-hidden="true" />
              Security
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <form method="post" action="/logout">
            <DropdownMenu.Item
              asChild
              className={ITEM_CLASS}
              // Closing the menu would unmount this form before the browser submits it,
              // silently cancelling the sign-out; the full-page navigation closes it anyway.
              onSelect={(event) => event.preventDefault()}
            >
              <button type="submit" data-testid="sign-out">
                <LogOut className="size-4 text-muted-foreground" aria-hidden="true" />
                Sign out
              </button>
            </DropdownMenu.Item>
          </form>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
