import type { ReactNode } from "react";
import type { ShellUser } from "./shell-user";
import { Sidebar } from "./sidebar";
import { TopBar } from "./top-bar";

type AppShellProps = {
  user: ShellUser;
  title?: ReactNode;
  children: ReactNode;
};

export function AppShell({ user, title, children }: AppShellProps) {
  // Only the fields the shell shows cross into client components.
  const shellUser: ShellUser = { id: user.id, email: user.email, name: user.name, role: user.role };

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[14rem_minmax(0,1fr)]">
      <a
        href="#main-content"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-[60] focus:rounded-md focus:bg-primary focus:px-3 focus:py-2 focus:text-primary-foreground"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh border-r border-border bg-surface lg:block">
        <Sidebar role={shellUser.role} />
      </aside>
      <div className="flex min-h-dvh min-w-0 flex-col">
        <TopBar user={shellUser} title={title} />
        <main id="main-content" tabIndex={-1} className="flex-1 p-3 outline-none sm:p-4 lg:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
