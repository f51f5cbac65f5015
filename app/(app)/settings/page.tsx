import { Bell, ChevronRight, KeyRound, Plug, ShieldCheck, SlidersHorizontal, type LucideIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Settings" };

type Section = { title: string; description: string; icon: LucideIcon; href?: string };

// Sections without an href are listed so users can see what is coming, but are not links.
const SECTIONS: readonly Section[] = [
  {
    title: "Security",
    description: "Change your password and sign out sessions on other devices.",
    icon: ShieldCheck,
    href: "/settings/security",
  },
  { title: "Exchange connections", description: "Connect exchange accounts with API keys.", icon: Plug },
  { title: "API tokens", description: "Create tokens for scripts and other clients.", icon: KeyRound },
  { title: "Notifications", description: "Choose where alerts about trades and bots go.", icon: Bell },
  { title: "Trading preferences", description: "Defaults for order sizes, risk limits and paper mode.", icon: SlidersHorizontal },
];

export default function SettingsPage() {
  return (
    <div>
      <PageHeader title="Settings" description="Manage your account and preferences." />
      <Card>
        <ul className="divide-y divide-border">
          {SECTIONS.map(({ title, description, icon: Icon, href }) => {
            const body = (
              <>
                <span className="flex size-8 shrink-0 items-center justify-center rounded-md border border-border bg-muted">
                  <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block text-sm font-medium text-foreground">{title}</span>
                  <span className="block text-xs text-muted-foreground">{description}</span>
                </span>
              </>
            );
            return (
              <li key={title}>
                {href ? (
                  <Link href={href} className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-surface-raised">
                    {body}
                    <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
                  </Link>
                ) : (
                  <div className="flex items-center gap-3 px-4 py-3 opacity-70">
                    {body}
                    <Badge variant="neutral">Not yet available</Badge>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </Card>
    </div>
  );
}
