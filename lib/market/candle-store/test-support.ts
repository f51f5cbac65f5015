import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, type Db } from "../../db/open";
import { newId } from "../../ids";
import type { CandleArrays } from "./grid";

const opened: { db: Db; file: string }[] = [];

export function tempDatabase(): Db {
  const file = path.join(os.tmpdir(), `autocbot-candles-${process.pid}-${newId()}.db`);
  const db = openDatabase(file);
  migrateDatabase(db);
  opened.push({ db, file });
  return db;
}

export function closeTempDatabases(): void {
  for (const { db, file } of opened.splice(0)) {
    db.$client.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

/** n consecutive candles from `start`, with values derived from the index so round trips are checkable. */
export function makeCandles(start: number, tf: number, n: number, skip: (i: number) => boolean = () => false): CandleArrays {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (skip(i)) continue;
    const base = 100 + Math.sin(i / 7) * 10 + i * 1e-3;
    rows.push([start + i * tf, base, base + 1.25 + (i % 5) * 0.1, base - 0.75, base + 0.3, 1 + (i % 11) * 0.5]);
  }
  return fromRows(rows);
}

export function fromRows(rows: readonly (readonly number[])[]): CandleArrays {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return { openTime: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}
