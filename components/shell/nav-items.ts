import {
  Bot,
  ChartCandlestick,
  ChartLine,
  Database,
  FlaskConical,
  LayoutDashboard,
  Radio,
  Settings,
  ShieldCheck,
  Wallet,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/trading", label: "Trading", icon: ChartCandlestick },
  { href: "/portfolio", label: "Portfolio", icon: Wallet },
  { href: "/analytics", label: "Analytics", icon: ChartLine },
  { href: "/strategies", label: "Strategies", icon: Bot },
  { href: "/backtests", label: "Backtests", icon: FlaskConical },
  { href: "/signals", label: "Signals", icon: Radio },
  { href: "/data", label: "Market data", icon: Database },
  { href: "/settings", label: "Settings", icon: Settings },
  { href: "/admin", label: "Admin", icon: ShieldCheck, adminOnly: true },
];

export function navItemsFor(role: "user" | "admin"): readonly NavItem[] {
  return NAV_ITEMS.filter((item) => !item.adminOnly || role === "admin");
}

/** A section stays highlighted on its sub-pages (/settings/security lights up Settings). */
export function isActivePath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
