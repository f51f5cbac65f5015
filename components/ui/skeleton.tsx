import type { ComponentProps } from "react";
import { cn } from "./class-names";

export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded bg-muted", className)} {...props} />;
}
