import { describe, expect, it } from "vitest";
import { findGaps, openTimeToMs, parseCandleCsv, parseCandleCsvInSlices, type ParseCandleCsvResult } from "./parse-csv";

const M = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const NOW = T0 + 1_000 * H;

/** A kline-dump row: twelve columns, as the exchange publishes them. */
function row(t: number, o = 100, h = 101, l = 99, c = 100.5, v = 12.5): string {
  return [t, o, h, l, c, v, t + H - 1, 1234.5, 42, 6.25, 600.1, 0].join(",");
}

function ok(result: ParseCandleCsvResult) {
  if (!result.ok) throw new Error(`expected a parse, got ${JSON.stringify(result.problems.slice(0, 5))}`);
  return result.value;
}

function problems(result: ParseCandleCsvResult) {
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

const parse = (text: string, timeframe = "1h", now = NOW) => parseCandleCsv(text, { timeframe, now });

describe("parseCandleCsv", () => {
  it("reads the kline-dump layout with or without a header, ignoring extra columns", () => {
    const body = [row(T0), row(T0 + H, 100.5, 102, 100, 101.75, 0), row(T0 + 2 * H)].join("\n");
    const plain = ok(parse(body));
    expect(Array.from(plain.candles.openTime)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(Array.from(plain.candles.close)).toEqual([100.5, 101.75, 100.5]);
    expect(Array.from(plain.candles.volume)).toEqual([12.5, 0, 12.5]);
    expect(Array.from(plain.lines)).toEqual([1, 2, 3]);
    expect(plain).toMatchObject({ rows: 3, duplicates: 0, header: false });

    const withHeader = ok(parse(`open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n${body}`));
    expect(withHeader.candles).toEqual(plain.candles);
    expect(withHeader.header).toBe(true);
    expect(Array.from(withHeader.lines)).toEqual([2, 3, 4]);
    // Exactly six columns is enough.
    expect(ok(parse(`${T0},1,2,0.5,1.5,3`)).rows).toBe(1);
  });

  it("recognises microseconds above 10^14 and seconds below 10^11, per row", () => {
    const body = [row(T0 * 1000), row((T0 + H) / 1000), row(T0 + 2 * H)].join("\n");
    expect(Array.from(ok(parse(body)).candles.openTime)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(openTimeToMs(1_735_689_600_000_000)).toBe(1_735_689_600_000);
    expect(openTimeToMs(1_735_689_600)).toBe(1_735_689_600_000);
    expect(openTimeToMs(1_735_689_600_000)).toBe(1_735_689_600_000);
  });

  it("accepts CRLF, a byte order mark, blank and trailing empty lines, quoted fields and spaces", () => {
    const body = `\uFEFFopen_time,open,high,low,close,volume\r\n${row(T0)}\r\n\r\n"${T0 + H}", "100",101 ,99,100.5,1\r\n\r\n`;
    const parsed = ok(parse(body));
    expect(Array.from(parsed.candles.openTime)).toEqual([T0, T0 + H]);
    expect(Array.from(parsed.lines)).toEqual([2, 4]);
    expect(parsed.header).toBe(true);
  });

  it("sorts rows given in any order and counts exact repeats as duplicates", () => {
    const body = [row(T0 + 2 * H), row(T0), row(T0 + H), row(T0), row(T0 + 2 * H)].join("\n");
    const parsed = ok(parse(body));
    expect(Array.from(parsed.candles.openTime)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(Array.from(parsed.lines)).toEqual([2, 3, 1]);
    expect(parsed).toMatchObject({ rows: 5, duplicates: 2 });
  });

  it("names each kind of bad row by its line", () => {
    const lines = [
      "open_time,open,high,low,close,volume", // 1: header
      row(T0), // 2
      `${T0 + H},100,101,99`, // 3: too few columns
      `${T0 + 2 * H},abc,101,99,100,1`, // 4: not a number
      `${T0 + 3 * H},,101,99,100,1`, // 5: empty field
      `${T0 + 4 * H},0x10,101,99,100,1`, // 6: hex is not a decimal number
      `${T0 + 5 * H},100,Infinity,99,100,1`, // 7: not finite
      row(T0 + 6 * H + 30 * M), // 8: off the hourly grid
      row(T0 + 7 * H, 100, 100.2, 99, 100.5), // 9: high below close
      row(T0 + 8 * H, 100, 101, 100.1, 100.5), // 10: low above open
      row(T0 + 9 * H, 100, 101, 99, 100.5, -1), // 11: negative volume
      row(T0 + 10 * H, 0, 101, 0, 100.5), // 12: non-positive price
      row(NOW), // 13: not closed at NOW
      row(T0, 100, 101, 99, 100.4), // 14: repeats line 2 with other values
      `${T0 + 11 * H}.5,100,101,99,100.5,1`, // 15: not a whole number of ms
      "", // trailing empty line
    ];
    const found = problems(parse(lines.join("\n")));
    expect(found.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const message = (line: number) => found.find((p) => p.line === line)!.message;
    expect(message(3)).toMatch(/at least 6 columns.*found 4/);
    expect(message(4)).toMatch(/open is not a finite number: "abc"/);
    expect(message(5)).toMatch(/open is not a finite number: ""/);
    expect(message(6)).toMatch(/open is not a finite number: "0x10"/);
    expect(message(7)).toMatch(/high is not a finite number/);
    expect(message(8)).toMatch(/not on the 1h UTC grid/);
    expect(message(9)).toMatch(/high 100.2 is below max\(open, close\) 100.5/);
    expect(message(10)).toMatch(/low 100.1 is above min\(open, close\) 100/);
    expect(message(11)).toMatch(/volume -1 is negative/);
    expect(message(12)).toMatch(/must be positive/);
    expect(message(13)).toMatch(/not closed yet/);
    expect(message(14)).toMatch(/repeats line 2 with different values/);
    expect(message(15)).toMatch(/not a valid timestamp/);
  });

  it("accepts the candle that closes exactly now and refuses the forming one", () => {
    expect(ok(parse(row(NOW - H))).rows).toBe(1);
    expect(problems(parse(row(NOW - H), "1h", NOW - 1))[0].message).toMatch(/not closed yet/);
  });

  it("treats a non-numeric first line as a header but a later one as a bad row", () => {
    const found = problems(parse([row(T0), "open_time,open,high,low,close,volume", row(T0 + H)].join("\n")));
    expect(found).toEqual([{ line: 2, message: 'open_time is not a finite number: "open_time"' }]);
  });

  it("lists at most 100 problems in line order and counts them all", () => {
    const body = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? row(T0 + i * H) : `${T0 + i * H},x,1,1,1,1`)).join("\n");
    const result = parse(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problemCount).toBe(125);
    expect(result.problems).toHaveLength(100);
    expect(result.problems[0].line).toBe(2);
    expect(result.problems[99].line).toBe(200);
    const capped = parseCandleCsv(body, { timeframe: "1h", now: NOW, maxProblems: 3 });
    expect(capped.ok ? [] : capped.problems.map((p) => p.line)).toEqual([2, 4, 6]);
  });

  it("refuses a file with no candle rows", () => {
    expect(problems(parse(""))).toEqual([{ line: 1, message: "the file holds no candle rows" }]);
    expect(problems(parse("open_time,open,high,low,close,volume\r\n\r\n"))[0].message).toMatch(/no candle rows/);
  });

  it("keeps the exact decimal value of small prices", () => {
    const parsed = ok(parse("1509836520000,0.00162008,0.00162008,0.00162008,0.00162008,108.14853839,1509836579999,0.17520928,0,0,0,0", "1m", Date.UTC(2018, 0, 1)));
    expect(parsed.candles.open[0]).toBe(0.00162008);
    expect(parsed.candles.volume[0]).toBe(108.14853839);
  });
});

describe("parseCandleCsvInSlices", () => {
  it("pauses between slices of lines and returns the same result", async () => {
    const body = Array.from({ length: 120_000 }, (_, i) => row(T0 - 200_000 * M + i * M)).join("\n");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const sliced = await parseCandleCsvInSlices(body, { timeframe: "1m", now: NOW });
    clearInterval(timer);
    const a = ok(sliced);
    const b = ok(parseCandleCsv(body, { timeframe: "1m", now: NOW }));
    // Byte comparison: the matcher's deep equality over 120k-element typed arrays takes seconds.
    for (const column of ["openTime", "open", "high", "low", "close", "volume"] as const) {
      expect(Buffer.from(a.candles[column].buffer).equals(Buffer.from(b.candles[column].buffer)), column).toBe(true);
    }
    expect(Buffer.from(a.lines.buffer).equals(Buffer.from(b.lines.buffer))).toBe(true);
    expect([a.rows, a.duplicates, a.header]).toEqual([120_000, 0, false]);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("findGaps", () => {
  it("lists missing grid ranges between the first and the last candle, capped", () => {
    const times = Float64Array.from([T0, T0 + H, T0 + 4 * H, T0 + 5 * H, T0 + 7 * H]);
    expect(findGaps(times, "1h")).toEqual({
      gaps: [
        { start: T0 + 2 * H, end: T0 + 4 * H },
        { start: T0 + 6 * H, end: T0 + 7 * H },
      ],
      gapCount: 2,
    });
    expect(findGaps(times, "1h", 1)).toEqual({ gaps: [{ start: T0 + 2 * H, end: T0 + 4 * H }], gapCount: 2 });
    expect(findGaps(Float64Array.from([T0]), "1h")).toEqual({ gaps: [], gapCount: 0 });
  });
});
