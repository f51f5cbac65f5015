import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="mb-6">
        <Logo href="/login" />
      </div>
      <div className="w-full max-w-sm rounded-lg border border-border bg-card p-6 shadow-xl shadow-black/30">
        {children}
      </div>
      <p className="mt-6 text-center text-[11px] text-muted-foreground">Self-hosted crypto trading.</p>
    </main>
  );
}
