/**
 * The chart draws on canvas, which cannot read CSS variables, so the palette from app/globals.css
 * is resolved to concrete colours once, when the chart is created (and so follows the light theme too).
 */

export interface ChartTheme {
  background: string;
  text: string;
  grid: string;
  border: string;
  borderStrong: string;
  raised: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  primary: string;
  warning: string;
  band: string;
  bandMiddle: string;
  fontFamily: string;
}

function resolveColor(probe: HTMLElement, variable: string, fallback: string): string {
  probe.style.color = fallback;
  probe.style.color = `var(${variable}, ${fallback})`;
  return getComputedStyle(probe).color || fallback;
}

/** "rgb(1, 2, 3)" → "rgba(1, 2, 3, 0.4)"; anything else is returned as it is. */
export function withAlpha(color: string, alpha: number): string {
  const match = color.match(/^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/);
  if (!match) return color;
  return `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})`;
}

export function resolveChartTheme(host: HTMLElement): ChartTheme {
  const probe = document.createElement("span");
  probe.style.display = "none";
  host.appendChild(probe);
  try {
    const up = resolveColor(probe, "--color-success", "rgb(47, 187, 122)");
    const down = resolveColor(probe, "--color-danger", "rgb(234, 84, 96)");
    const muted = resolveColor(probe, "--color-muted-foreground", "rgb(142, 151, 167)");
    return {
      background: resolveColor(probe, "--color-card", "rgb(15, 17, 21)"),
      text: muted,
      grid: withAlpha(resolveColor(probe, "--color-border", "rgb(34, 38, 46)"), 0.6),
      border: resolveColor(probe, "--color-border", "rgb(34, 38, 46)"),
      borderStrong: resolveColor(probe, "--color-border-strong", "rgb(55, 60, 67)"),
      raised: resolveColor(probe, "--color-surface-raised", "rgb(22, 25, 29)"),
      up,
      down,
      upVolume: withAlpha(up, 0.35),
      downVolume: withAlpha(down, 0.35),
      primary: resolveColor(probe, "--color-primary", "rgb(61, 139, 245)"),
      warning: resolveColor(probe, "--color-warning", "rgb(246, 170, 50)"),
      band: withAlpha(muted, 0.7),
      bandMiddle: withAlpha(muted, 0.45),
      fontFamily: getComputedStyle(host).fontFamily,
    };
  } finally {
    probe.remove();
  }
}
