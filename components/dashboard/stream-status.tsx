import { cn } from "@/components/ui/class-names";
import type { StreamStatus } from "./use-price-stream";

const LABELS: Record<StreamStatus, { text: string; dot: string; title: string }> = {
  connecting: { text: "Connecting", dot: "bg-muted-foreground", title: "Opening the live price stream." },
  live: { text: "Live", dot: "bg-success", title: "Prices update as the server publishes them." },
  reconnecting: { text: "Reconnecting", dot: "bg-warning", title: "The live stream dropped; reconnecting. Prices shown may be behind." },
  offline: { text: "Offline", dot: "bg-danger", title: "The live stream is unavailable. Prices shown may be behind; choose to reconnect." },
};

type StreamStatusDotProps = {
  status: StreamStatus;
  /** Offered once the stream has stopped retrying by itself. */
  onReconnect: () => void;
};

export function StreamStatusDot({ status, onReconnect }: StreamStatusDotProps) {
  const label = LABELS[status];
  const dot = (
    <span className="relative flex size-2" aria-hidden="true">
      {status === "live" ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-success/60" /> : null}
      <span className={cn("relative inline-flex size-2 rounded-full", label.dot)} />
    </span>
  );
  if (status === "offline") {
    return (
      <button
        type="button"
        onClick={onReconnect}
        data-testid="stream-status"
        data-status={status}
        title={label.title}
        className="inline-flex items-center gap-1.5 rounded text-[11px] font-medium text-danger hover:underline"
      >
        {dot}
        Offline · reconnect
      </button>
    );
  }
  return (
    <span
      data-testid="stream-status"
      data-status={status}
      title={label.title}
      className="inline-flex items-center gap-1.5 text-[11px] font-medium text-muted-foreground"
    >
      {dot}
      {label.text}
    </span>
  );
}
