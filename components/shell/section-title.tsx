"use client";

import { usePathname } from "next/navigation";
import { NAV_ITEMS, isActivePath } from "./nav-items";

/** The top bar's default title: the section the current path belongs to. */
export function SectionTitle() {
  const pathname = usePathname();
  const item = NAV_ITEMS.find((candidate) => isActivePath(pathname, candidate.href));
  return <span className="truncate text-sm font-medium text-foreground">{item?.label ?? "AutoCbot"}</span>;
}
