import { Activity } from "lucide-react";
import Link from "next/link";

export function Logo({ href = "/dashboard" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold tracking-tight text-foreground">
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Activity className="size-4" aria-hidden="true" />
      </span>
      <span className="text-sm">AutoCbot</span>
    </Link>
  );
}
