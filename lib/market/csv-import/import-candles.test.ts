import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/open";
import { canUseSource, coverage, fetchedRanges, importSourceId, readCandles } from "../candle-store";
import { closeTempDatabases, makeCandles, tempDatabase } from "../candle-store/test-support";
import type { CandleArrays } from "../candle-store";
import {
  CsvRejected,
  deleteCandleImport,
  IMPORT_CHUNK_ROWS,
  importCandleCsv,
  listCandleImports,
  recoverCandleImports,
  type TransactionTiming,
} from ".";

const M = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const NOW = Date.UTC(2030, 0, 1);
const KEY = { symbol: "BTC/USDT", timeframe: "1h" } as const;

afterEach(closeTempDatabases);

function addUser(db: Db, id: string): string {
  db.$client
    .prepare("INSERT INTO users (id, email, password_hash, role, is_active, created_at) VALUES (?, ?, 'x', 'user', 1, 0)")
    .run(id, `${id}@example.test`);
  return id;
}

function toCsv(c: CandleArrays, header = false): string {
  const lines = header ? ["open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"] : [];
  for (let i = 0; i < c.openTime.length; i++) {
    lines.push(`${c.openTime[i]},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]},${c.openTime[i] + H - 1},0,0,0,0,0`);
  }
  return `${lines.join("\n")}\n`;
}

function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).raw().get(...params) as [number])[0];
}

const importOf = (db: Db, user: string, csv: string, extra: Partial<{ name: string; observe: (t: TransactionTiming) => void; now: number }> = {}) =>
  importCandleCsv(db, user, { name: extra.name ?? "btc-2024", ...KEY, csv, now: extra.now ?? NOW, observe: extra.observe });

describe("importCandleCsv", () => {
  it("publishes the file under the user's import source with its gaps and covered range", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const c = makeCandles(T0, H, 50, (i) => i >= 20 && i < 23);
    const result = await importOf(db, alice, toCsv(c, true));
    expect(result).toEqual({
      id: expect.any(String),
      source: "import:btc-2024",
      ...KEY,
      rows: 47,
      imported: 47,
      duplicates: 0,
      conflicts: 0,
      conflict_lines: [],
      first_open_time: T0,
      last_open_time: T0 + 49 * H,
      gaps: [{ start: T0 + 20 * H, end: T0 + 23 * H }],
      gap_count: 1,
    });
    const source = importSourceId(alice, "btc-2024");
    expect(readCandles(db, { source, ...KEY, from: T0, to: T0 + 50 * H })).toEqual(c);
    expect(fetchedRanges(db, { source, ...KEY, from: 0, to: NOW })).toEqual([{ start: T0, end: T0 + 50 * H }]);
    const [item] = coverage(db, { importsOf: alice });
    expect(item).toMatchObject({ source, ...KEY, start: T0, end: T0 + 50 * H, count: 47, gaps: [{ start: T0 + 20 * H, end: T0 + 23 * H }] });
    expect(count(db, "SELECT COUNT(*) FROM candle_import_rows")).toBe(0);
    expect(listCandleImports(db, alice).items).toEqual([
      expect.objectContaining({ id: result.id, name: "btc-2024", source: "import:btc-2024", status: "published", imported: 47, rows: 47 }),
    ]);
  });

  it("keeps imports private: another user sees nothing under their own source and cannot use the owner's", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const bob = addUser(db, "bob");
    await importOf(db, alice, toCsv(makeCandles(T0, H, 10)));
    const source = importSourceId(alice, "btc-2024");
    expect(canUseSource(source, alice)).toBe(true);
    expect(canUseSource(source, bob)).toBe(false);
    expect(readCandles(db, { source: importSourceId(bob, "btc-2024"), ...KEY, from: T0, to: NOW }).openTime.length).toBe(0);
    expect(coverage(db, { importsOf: bob })).toEqual([]);
    expect(listCandleImports(db, bob).items).toEqual([]);
    await expect(deleteCandleImport(db, bob, listCandleImports(db, alice).items[0].id)).rejects.toMatchObject({ status: 404 });
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(10);
    // Exchange candles of the same symbol are a different source: an import never touches them.
    expect(readCandles(db, { source: "exchange:binance", ...KEY, from: T0, to: NOW }).openTime.length).toBe(0);
  });

  it("adds nothing on a second import of the same file, and reports conflicting values without overwriting", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const c = makeCandles(T0, H, 12_000); // several chunks
    const csv = toCsv(c);
    expect((await importOf(db, alice, csv)).imported).toBe(12_000);

    const again = await importOf(db, alice, csv, { now: NOW + 1 });
    expect(again).toMatchObject({ rows: 12_000, imported: 0, duplicates: 12_000, conflicts: 0 });

    // The same hours with three closes changed, plus ten new hours after the end.
    const changed = makeCandles(T0, H, 12_010);
    for (const i of [5, 6_000, 11_999]) {
      changed.close[i] = changed.open[i];
    }
    const third = await importOf(db, alice, toCsv(changed, true), { now: NOW + 2 });
    expect(third).toMatchObject({ rows: 12_010, imported: 10, duplicates: 11_997, conflicts: 3 });
    expect(third.conflict_lines).toEqual(
      [5, 6_000, 11_999].map((i) => ({
        line: i + 2, // the header is line 1
        open_time: T0 + i * H,
        message: `differs from the stored candle: close ${changed.open[i]} (stored ${c.close[i]})`,
      })),
    );
    const stored = readCandles(db, { source: importSourceId(alice, "btc-2024"), ...KEY, from: T0, to: NOW });
    expect(stored.openTime.length).toBe(12_010);
    expect(stored.close.subarray(0, 12_000)).toEqual(c.close);
    expect(listCandleImports(db, alice).items.map((i) => [i.imported, i.duplicates, i.conflicts])).toEqual([
      [10, 11_997, 3],
      [0, 12_000, 0],
      [12_000, 0, 0],
    ]);
  });

  it("counts repeated rows inside the file as duplicates", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const csv = toCsv(makeCandles(T0, H, 5));
    const result = await importOf(db, alice, csv + csv);
    expect(result).toMatchObject({ rows: 10, imported: 5, duplicates: 5 });
  });

  it("stores nothing when any row is bad", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const lines = toCsv(makeCandles(T0, H, 20)).split("\n");
    lines[7] = lines[7].replace(/^(\d+),/, "$1,-") ; // negative open on line 8
    const error = await importOf(db, alice, lines.join("\n")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvRejected);
    expect(error).toMatchObject({ status: 422, code: "validation_failed", details: { lines: [{ line: 8, message: expect.any(String) }], bad_lines: 1 } });
    expect(count(db, "SELECT COUNT(*) FROM candle_imports")).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(0);
  });

  it("does not double count two imports of the same data under one name running at once", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const csv = toCsv(makeCandles(T0, H, 23_000));
    const [a, b] = await Promise.all([importOf(db, alice, csv), importOf(db, alice, csv)]);
    expect(a.imported + b.imported).toBe(23_000);
    expect(a.duplicates + b.duplicates).toBe(23_000);
    expect(a.conflicts + b.conflicts).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(23_000);
  });
});

describe("recoverCandleImports", () => {
  it("finishes an import interrupted while publishing, counting every row once", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const c = makeCandles(T0, H, 17_000);
    let publishChunks = 0;
    const crash = (t: TransactionTiming) => {
      if (t.step === "publish" && t.rows > 0 && ++publishChunks === 2) throw new Error("process died");
    };
    await expect(importOf(db, alice, toCsv(c), { observe: crash })).rejects.toThrow("process died");
    expect(listCandleImports(db, alice).items[0]).toMatchObject({ status: "publishing", imported: 2 * IMPORT_CHUNK_ROWS });
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(2 * IMPORT_CHUNK_ROWS);

    expect(await recoverCandleImports(db, { now: NOW })).toEqual({ published: 1, discarded: 0, removed: 0 });
    expect(listCandleImports(db, alice).items[0]).toMatchObject({ status: "published", imported: 17_000, duplicates: 0 });
    const source = importSourceId(alice, "btc-2024");
    expect(readCandles(db, { source, ...KEY, from: T0, to: NOW })).toEqual(c);
    expect(fetchedRanges(db, { source, ...KEY, from: 0, to: NOW })).toEqual([{ start: T0, end: T0 + 17_000 * H }]);
    expect(count(db, "SELECT COUNT(*) FROM candle_import_rows")).toBe(0);
    expect(await recoverCandleImports(db, { now: NOW })).toEqual({ published: 0, discarded: 0, removed: 0 });
  });

  it("discards an interrupted staging import once it is stale, and leaves a young one alone", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const stage = (id: string, createdAt: number) => {
      db.$client
        .prepare(
          `INSERT INTO candle_imports (id, user_id, name, source, symbol, timeframe, status, rows, first_open_time, last_open_time, created_at)
           VALUES (?, ?, 'x', ?, 'BTC/USDT', '1h', 'staging', 7000, ?, ?, ?)`,
        )
        .run(id, alice, importSourceId(alice, "x"), T0, T0 + 6_999 * H, createdAt);
      const insert = db.$client.prepare("INSERT INTO candle_import_rows VALUES (?, ?, 1, 2, 0.5, 1.5, 3)");
      db.$client.transaction(() => {
        for (let i = 0; i < 7_000; i++) insert.run(id, T0 + i * H);
      })();
    };
    stage("old", NOW - 60 * M);
    stage("young", NOW - M);
    expect(listCandleImports(db, alice).items.map((i) => i.status)).toEqual(["staging", "staging"]);
    expect(await recoverCandleImports(db, { now: NOW })).toEqual({ published: 0, discarded: 1, removed: 0 });
    expect(listCandleImports(db, alice).items.map((i) => i.id)).toEqual(["young"]);
    expect(count(db, "SELECT COUNT(*) FROM candle_import_rows WHERE import_id = 'old'")).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candle_import_rows WHERE import_id = 'young'")).toBe(7_000);
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(0);
    expect(await recoverCandleImports(db, { now: NOW, staleStagingMs: 0 })).toMatchObject({ discarded: 1 });
    expect(count(db, "SELECT COUNT(*) FROM candle_imports")).toBe(0);
  });

  it("completes a removal that was interrupted", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const { id } = await importOf(db, alice, toCsv(makeCandles(T0, H, 30)));
    db.$client.prepare("UPDATE candle_imports SET status = 'failed' WHERE id = ?").run(id);
    expect(listCandleImports(db, alice).items).toEqual([]);
    expect(await recoverCandleImports(db, { now: NOW })).toEqual({ published: 0, discarded: 0, removed: 1 });
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candle_ranges")).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candle_imports")).toBe(0);
  });
});

describe("listCandleImports / deleteCandleImport", () => {
  it("deletes an import's candles and ranges, keeping what another import of the same name also holds", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const source = importSourceId(alice, "btc-2024");
    const first = await importOf(db, alice, toCsv(makeCandles(T0, H, 100))); // hours 0..99
    const second = await importOf(db, alice, toCsv(makeCandles(T0 + 200 * H, H, 50))); // hours 200..249
    const third = await importOf(db, alice, toCsv(makeCandles(T0 + 80 * H, H, 40))); // hours 80..119, overlaps the first
    // makeCandles derives values from the index, so the overlapping hours hold other values: conflicts.
    expect(third).toMatchObject({ imported: 20, duplicates: 0, conflicts: 20 });
    expect(fetchedRanges(db, { source, ...KEY, from: 0, to: NOW })).toEqual([
      { start: T0, end: T0 + 120 * H },
      { start: T0 + 200 * H, end: T0 + 250 * H },
    ]);

    await deleteCandleImport(db, alice, first.id);
    const left = readCandles(db, { source, ...KEY, from: 0, to: NOW }).openTime;
    expect(left.length).toBe(40 + 50);
    expect(left[0]).toBe(T0 + 80 * H);
    expect(fetchedRanges(db, { source, ...KEY, from: 0, to: NOW })).toEqual([
      { start: T0 + 80 * H, end: T0 + 120 * H },
      { start: T0 + 200 * H, end: T0 + 250 * H },
    ]);
    await expect(deleteCandleImport(db, alice, first.id)).rejects.toMatchObject({ status: 404 });

    await deleteCandleImport(db, alice, third.id);
    await deleteCandleImport(db, alice, second.id);
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM candle_ranges")).toBe(0);
    expect(listCandleImports(db, alice).items).toEqual([]);
  });

  it("pages newest first with an opaque cursor", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const ids: string[] = [];
    for (let k = 0; k < 5; k++) ids.push((await importOf(db, alice, toCsv(makeCandles(T0 + k * 10 * H, H, 2)), { name: `part-${k}`, now: NOW + k })).id);
    const page1 = listCandleImports(db, alice, { limit: 2 });
    expect(page1.items.map((i) => i.id)).toEqual([ids[4], ids[3]]);
    const page2 = listCandleImports(db, alice, { limit: 2, cursor: page1.next_cursor! });
    const page3 = listCandleImports(db, alice, { limit: 2, cursor: page2.next_cursor! });
    expect([...page2.items, ...page3.items].map((i) => i.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(page3.next_cursor).toBeNull();
    expect(() => listCandleImports(db, alice, { cursor: "nonsense" })).toThrow(/invalid/i);
  });
});

describe("write lock", () => {
  it("never holds a write transaction longer than one chunk while importing ~200k rows", async () => {
    const db = tempDatabase();
    const alice = addUser(db, "alice");
    const n = 200_000;
    const c = makeCandles(Date.UTC(2020, 0, 1), M, n);
    const csv = toCsv(c);
    const timings: TransactionTiming[] = [];
    const started = performance.now();
    const result = await importCandleCsv(db, alice, { name: "large", symbol: "BTC/USDT", timeframe: "1m", csv, now: NOW, observe: (t) => timings.push(t) });
    const totalMs = performance.now() - started;
    expect(result.imported).toBe(n);

    const again = await importCandleCsv(db, alice, { name: "large", symbol: "BTC/USDT", timeframe: "1m", csv, now: NOW, observe: (t) => timings.push(t) });
    expect(again).toMatchObject({ imported: 0, duplicates: n });
    const deleteTimings: TransactionTiming[] = [];
    await deleteCandleImport(db, alice, result.id, { observe: (t) => deleteTimings.push(t) });
    await deleteCandleImport(db, alice, again.id, { observe: (t) => deleteTimings.push(t) });
    expect(count(db, "SELECT COUNT(*) FROM candles")).toBe(0);

    const all = [...timings, ...deleteTimings];
    const worst = (step: TransactionTiming["step"]) => Math.max(0, ...all.filter((t) => t.step === step).map((t) => t.ms));
    console.log(
      `csv-import: ${n} rows (${(csv.length / 1e6).toFixed(1)} MB) parsed, staged and published in ${totalMs.toFixed(0)} ms ` +
        `(${Math.round(n / (totalMs / 1000))} rows/s); ${all.length} write transactions, longest: ` +
        `stage ${worst("stage").toFixed(1)} ms, publish ${worst("publish").toFixed(1)} ms, remove ${worst("remove").toFixed(1)} ms`,
    );
    // Time depends on the machine; the bound that keeps each transaction short is the chunk size.
    for (const t of all) expect(t.rows).toBeLessThanOrEqual(2 * IMPORT_CHUNK_ROWS);
    for (const t of timings.filter((x) => x.step !== "remove")) expect(t.rows).toBeLessThanOrEqual(IMPORT_CHUNK_ROWS);
  }, 120_000);
});
