// Order matters: Edge and Opera also claim "Chrome", Chrome also claims "Safari",
// and iOS and Android user agents also name macOS and Linux.
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/HeadlessChrome\//, "Headless Chrome"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
  [/^curl\//, "curl"],
  [/^Wget\//, "Wget"],
  [/python-requests|python-httpx|aiohttp|Python-urllib/i, "Python"],
  [/^node|undici|axios/i, "Node.js"],
  [/^Go-http-client/, "Go"],
  [/PostmanRuntime/, "Postman"],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

const MAX_RAW_LENGTH = 40;

/** "Chrome on macOS", "curl", or the raw string shortened when nothing is recognised. */
export function describeUserAgent(userAgent: string | null): string {
  const ua = userAgent?.trim();
  if (!ua) return "Unknown client";
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return (browser ?? system) as string;
  return ua.length > MAX_RAW_LENGTH ? `${ua.slice(0, MAX_RAW_LENGTH - 1)}…` : ua;
}
