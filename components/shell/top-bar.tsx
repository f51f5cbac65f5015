import type { ReactNode } from "react";
import { DataSourceBadge } from "./data-source-badge";
import { MobileNav } from "./mobile-nav";
import { SectionTitle } from "./section-title";
import type { ShellUser } from "./shell-user";
import { UserMenu } from "./user-menu";

type TopBarProps = {
  user: ShellUser;
  /** Overrides the section name derived from the current path. */
  title?: ReactNode;
};

export function TopBar({ user, title }: TopBarProps) {
  return (
    <header className="sticky top-0 z-30 flex h-12 shrink-0 items-center gap-3 border-b border-border bg-background/85 px-3 backdrop-blur sm:px-4">
      <MobileNav role={user.role} />
      <div className="min-w-0 flex-1">{title ?? <SectionTitle />}</div>
      <DataSourceBadge />
      <UserMenu user={user} />
    </header>
  );
}
