import type { ComponentProps } from "react";
import { cn } from "./class-names";

export function Table({ className, ...props }: ComponentProps<"table">) {
  // The wrapper scrolls sideways so wide tables never break the page layout on phones.
  return (
    <div className="w-full overflow-x-auto">
      <table className={cn("w-full border-collapse text-left text-body tabular-nums", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-border", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors hover:bg-surface-raised", className)} {...props} />;
}

export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-8 whitespace-nowrap px-3 text-[11px] font-medium uppercase tracking-wide text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("h-9 whitespace-nowrap px-3 align-middle", className)} {...props} />;
}
