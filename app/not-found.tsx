import { Compass } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center" data-testid="not-found">
      <Logo />
      <div className="flex flex-col items-center gap-2">
        <span className="flex size-10 items-center justify-center rounded-full border border-border bg-muted">
          <Compass className="size-5 text-muted-foreground" aria-hidden="true" />
        </span>
        <p className="font-mono text-xs text-muted-foreground">404</p>
        <h1 className="text-lg font-semibold tracking-tight">Page not found</h1>
        <p className="max-w-sm text-body text-muted-foreground">
          The page you asked for does not exist, or you do not have access to it.
        </p>
      </div>
      <Button asChild variant="secondary">
        <Link href="/dashboard">Go to the dashboard</Link>
      </Button>
    </main>
  );
}
