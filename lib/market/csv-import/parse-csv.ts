/**
 * Reads candle CSV in the layout of the exchange's public kline dumps: open_time, open, high, low,
 * close, volume, then any number of further columns (close_time, quote volume, trades, …), which
 * are ignored. Pure and synchronous, so the route, the CLI and tests share it.
 *
 * Accepted: an optional header row (the first non-blank line, when its first field is not a
 * number), a UTF-8 byte order mark, CRLF or LF line ends, blank lines (a trailing one included),
 * fields wrapped in double quotes, rows in any order.
 *
 * open_time units, decided per row by magnitude (the dumps switched from milliseconds to
 * microseconds in 2025, so concatenated monthly files can mix them):
 *   - above 10^14: microseconds (10^14 ms would be the year 5138);
 *   - below 10^11: seconds (10^11 ms is March 1973, before any exchange existed, while 10^11 s is
 *     the year 5138, so no real timestamp is ambiguous);
 *   - otherwise milliseconds.
 */
import { candleTimeframeMs, type CandleArrays } from "../candle-store";

export interface CsvLineProblem {
  /** 1-based physical line number in the file, header included. */
  line: number;
  message: string;
}

export interface ParsedCandleCsv {
  /** One candle per open time, ascending. */
  candles: CandleArrays;
  /** The line each candle was read from (its first occurrence). */
  lines: Uint32Array;
  /** Data rows read, repeated rows included. */
  rows: number;
  /** Rows that repeat an earlier row's open time with identical values. */
  duplicates: number;
  header: boolean;
}

export type ParseCandleCsvResult =
  | { ok: true; value: ParsedCandleCsv }
  | { ok: false; problems: CsvLineProblem[]; problemCount: number };

export interface ParseCandleCsvOptions {
  timeframe: string;
  /** Only candles with open_time + timeframe <= now are accepted (closed candles). */
  now: number;
  /** How many problems to list; the count covers all of them. */
  maxProblems?: number;
}

export const MAX_LISTED_PROBLEMS = 100;

const MICROSECONDS_ABOVE = 1e14;
const SECONDS_BELOW = 1e11;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COLUMNS = ["open_time", "open", "high", "low", "close", "volume"] as const;

/** Milliseconds from an open_time in seconds, milliseconds or microseconds (see the file comment). */
export function openTimeToMs(value: number): number {
  const abs = Math.abs(value);
  if (abs > MICROSECONDS_ABOVE) return value / 1000;
  if (abs < SECONDS_BELOW) return value * 1000;
  return value;
}

function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.charCodeAt(0) === 34 && f.charCodeAt(f.length - 1) === 34 ? f.slice(1, -1).trim() : f;
}

function shown(field: string): string {
  const f = field.length > 40 ? `${field.slice(0, 40)}…` : field;
  return JSON.stringify(f);
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** Problems are kept in line order; only the first `max` are listed, all are counted. */
class ProblemList {
  readonly listed: CsvLineProblem[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(line: number, message: string): void {
    this.count++;
    if (this.listed.length < this.max) this.listed.push({ line, message });
  }
}

/** Lines parsed between two pauses of the asynchronous parse (tens of milliseconds of work). */
const LINES_PER_SLICE = 50_000;

export function parseCandleCsv(input: string, options: ParseCandleCsvOptions): ParseCandleCsvResult {
  const steps = parseSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same parse, pausing every LINES_PER_SLICE lines so a large upload (50 MB is about a second of
 * parsing) never stalls the server's other requests and live streams for long.
 */
export async function parseCandleCsvInSlices(input: string, options: ParseCandleCsvOptions): Promise<ParseCandleCsvResult> {
  const steps = parseSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function* parseSteps(input: string, options: ParseCandleCsvOptions): Generator<void, ParseCandleCsvResult> {
  const tf = candleTimeframeMs(options.timeframe);
  const max = options.maxProblems ?? MAX_LISTED_PROBLEMS;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

  let capacity = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) capacity++;
  const openTime = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const lineOf = new Uint32Array(capacity);

  const rowProblems = new ProblemList(max);
  const values = new Float64Array(6);
  const fields: string[] = new Array(6);
  let n = 0;
  let rows = 0;
  let header = false;
  let seenContent = false;
  let line = 0;

  for (let pos = 0; pos <= text.length; ) {
    const nl = text.indexOf("\n", pos);
    let end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length + 1 : nl + 1;
    line++;
    if (line % LINES_PER_SLICE === 0) yield;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const raw = text.slice(pos, end);
    pos = next;
    if (raw.trim() === "") continue;

    // The first six fields, without splitting the (often twelve) columns of the whole row.
    let columns = 0;
    let start = 0;
    while (columns < 6) {
      const comma = raw.indexOf(",", start);
      fields[columns++] = comma < 0 ? raw.slice(start) : raw.slice(start, comma);
      if (comma < 0) break;
      start = comma + 1;
    }
    const firstIsNumber = NUMBER.test(unquote(fields[0]));
    if (!seenContent) {
      seenContent = true;
      if (!firstIsNumber) {
        header = true;
        continue;
      }
    }
    rows++;
    if (columns < 6) {
      rowProblems.add(line, `expected at least 6 columns (${COLUMNS.join(", ")}), found ${columns}`);
      continue;
    }
    let bad = false;
    for (let k = 0; k < 6; k++) {
      const f = unquote(fields[k]);
      const v = NUMBER.test(f) ? Number(f) : NaN;
      if (!Number.isFinite(v)) {
        rowProblems.add(line, `${COLUMNS[k]} is not a finite number: ${shown(f)}`);
        bad = true;
        break;
      }
      values[k] = v;
    }
    if (bad) continue;

    const t = openTimeToMs(values[0]);
    const [, o, h, l, c, v] = values;
    let problem: string | null = null;
    if (!Number.isInteger(t) || t < 0 || t >= MICROSECONDS_ABOVE) {
      problem = `open_time ${shown(unquote(fields[0]))} is not a valid timestamp (seconds, milliseconds or microseconds since 1970)`;
    } else if (t % tf !== 0) {
      problem = `open_time ${iso(t)} is not on the ${options.timeframe} UTC grid`;
    } else if (t + tf > options.now) {
      problem = `the candle at ${iso(t)} is not closed yet (it closes at ${iso(t + tf)})`;
    } else if (!(o > 0 && h > 0 && l > 0 && c > 0)) {
      problem = "open, high, low and close must be positive";
    } else if (h < Math.max(o, c)) {
      problem = `high ${h} is below max(open, close) ${Math.max(o, c)}`;
    } else if (l > Math.min(o, c)) {
      problem = `low ${l} is above min(open, close) ${Math.min(o, c)}`;
    } else if (v < 0) {
      problem = `volume ${v} is negative`;
    }
    if (problem) {
      rowProblems.add(line, problem);
      continue;
    }
    openTime[n] = t;
    open[n] = o;
    high[n] = h;
    low[n] = l;
    close[n] = c;
    volume[n] = v;
    lineOf[n] = line;
    n++;
  }

  if (rows === 0 && rowProblems.count === 0) {
    return { ok: false, problems: [{ line: Math.max(1, line), message: "the file holds no candle rows" }], problemCount: 1 };
  }

  // Rows may come in any order; most files are already ascending, which skips the sort.
  let order: Uint32Array | null = null;
  for (let i = 1; i < n; i++) {
    if (openTime[i] <= openTime[i - 1]) {
      order = new Uint32Array(n);
      for (let j = 0; j < n; j++) order[j] = j;
      order.sort((a, b) => openTime[a] - openTime[b] || a - b);
      break;
    }
  }

  // Repeats are found in time order; kept as numbers so a pathological file costs no strings.
  const repeats: { line: number; first: number; t: number }[] = [];
  const out = {
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const outLines = new Uint32Array(n);
  let m = 0;
  let duplicates = 0;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    if (m > 0 && out.openTime[m - 1] === openTime[i]) {
      const p = m - 1;
      if (out.open[p] === open[i] && out.high[p] === high[i] && out.low[p] === low[i] && out.close[p] === close[i] && out.volume[p] === volume[i]) {
        duplicates++;
      } else {
        repeats.push({ line: lineOf[i], first: outLines[p], t: openTime[i] });
      }
      continue;
    }
    out.openTime[m] = openTime[i];
    out.open[m] = open[i];
    out.high[m] = high[i];
    out.low[m] = low[i];
    out.close[m] = close[i];
    out.volume[m] = volume[i];
    outLines[m] = lineOf[i];
    m++;
  }

  const problemCount = rowProblems.count + repeats.length;
  if (problemCount > 0) {
    const repeated = repeats
      .sort((a, b) => a.line - b.line)
      .slice(0, max)
      .map((r) => ({ line: r.line, message: `open_time ${iso(r.t)} repeats line ${r.first} with different values` }));
    const problems = [...rowProblems.listed, ...repeated].sort((a, b) => a.line - b.line).slice(0, max);
    return { ok: false, problems, problemCount };
  }
  return {
    ok: true,
    value: {
      candles: {
        openTime: out.openTime.slice(0, m),
        open: out.open.slice(0, m),
        high: out.high.slice(0, m),
        low: out.low.slice(0, m),
        close: out.close.slice(0, m),
        volume: out.volume.slice(0, m),
      },
      lines: outLines.slice(0, m),
      rows,
      duplicates,
      header,
    },
  };
}

/** The line a stored open time was read from, by binary search over the ascending candles. */
export function lineOfOpenTime(parsed: ParsedCandleCsv, openTime: number): number | null {
  const t = parsed.candles.openTime;
  let lo = 0;
  let hi = t.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] === openTime) return parsed.lines[mid];
    if (t[mid] < openTime) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

export interface GapList {
  /** Missing grid ranges [start, end) between the first and the last candle, at most `max`. */
  gaps: { start: number; end: number }[];
  gapCount: number;
}

export function findGaps(openTimes: Float64Array, timeframe: string, max = MAX_LISTED_PROBLEMS): GapList {
  const tf = candleTimeframeMs(timeframe);
  const gaps: { start: number; end: number }[] = [];
  let gapCount = 0;
  for (let i = 1; i < openTimes.length; i++) {
    if (openTimes[i] - openTimes[i - 1] > tf) {
      gapCount++;
      if (gaps.length < max) gaps.push({ start: openTimes[i - 1] + tf, end: openTimes[i] });
    }
  }
  return { gaps, gapCount };
}
