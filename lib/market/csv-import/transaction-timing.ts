import type Database from "better-sqlite3";

/** One write transaction of an import, for measuring how long the write lock is held. */
export interface TransactionTiming {
  /** status: an import's state changes (staging → publishing, → failed). */
  step: "create" | "stage" | "status" | "publish" | "remove";
  rows: number;
  ms: number;
}

export type TimingObserver = (timing: TransactionTiming) => void;

/**
 * Rows per write transaction. At 5,000 a chunk took 15–25 ms typically but up to ~115 ms on a busy
 * two-core machine; half that keeps the write lock comfortably under ~100 ms (import-candles.test.ts
 * prints the figures).
 */
export const IMPORT_CHUNK_ROWS = 2_500;

/**
 * Runs fn in one BEGIN IMMEDIATE transaction and reports its duration. `rows` reads what fn says it
 * touched, so the observer sees the real chunk size.
 */
export function timedTransaction<T>(
  client: Database.Database,
  step: TransactionTiming["step"],
  observe: TimingObserver | undefined,
  fn: () => { value: T; rows: number },
): T {
  const started = performance.now();
  const { value, rows } = client.transaction(fn).immediate();
  observe?.({ step, rows, ms: performance.now() - started });
  return value;
}

/** Lets other requests (and other processes' writers) in between two chunks. */
export function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
