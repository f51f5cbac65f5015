/**
 * `npm run data:import -- <file> --symbol BTC/USDT --timeframe 1h [--name <name>] [--email <email> | --user <id or email>]`
 *
 * Imports a candle CSV (the exchange's kline-dump layout, see README "Importing candles") for one
 * account, exactly as POST /api/v1/market/candles/import does, without the upload size limit. The
 * owner defaults to the first admin; the name defaults to the file's name. Safe while the server
 * runs: every write transaction is short.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
const { getDb, closeDb } = await import("@/lib/db");
const { AppError } = await import("@/lib/errors");
const { decodeUtf8, importCandleCsv, importQuerySchema, resolveImportOwner } = await import("@/lib/market/csv-import");

const usage =
  "usage: npm run data:import -- <file.csv> --symbol BTC/USDT --timeframe 1h [--name <name>] [--email <email> | --user <id or email>]";

/** A name the API would accept, from the file's name: "BTCUSDT-1h-2024-01.csv" stays as it is. */
function nameFromFile(file: string): string {
  return path.basename(file).replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 64) || "import";
}

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      symbol: { type: "string" },
      timeframe: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      user: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new Error(usage);
  const file = positionals[0];
  const query = importQuerySchema.safeParse({ symbol: values.symbol ?? "", timeframe: values.timeframe ?? "", name: values.name ?? nameFromFile(file) });
  if (!query.success) {
    const problems = query.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`);
    throw new Error(`${problems.join("\n")}\n${usage}`);
  }
  if (values.email !== undefined && values.user !== undefined) throw new Error(`Give either --email or --user, not both.\n${usage}`);

  const db = getDb();
  const owner = resolveImportOwner(db, { email: values.email, user: values.user });
  const csv = decodeUtf8(fs.readFileSync(file));
  const started = performance.now();
  const result = await importCandleCsv(db, owner.id, { ...query.data, csv });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${result.source} (${result.symbol} ${result.timeframe}) for ${owner.email}: ${result.imported} imported, ` +
      `${result.duplicates} duplicates, ${result.conflicts} conflicts, ${result.gap_count} gaps, in ${seconds.toFixed(1)} s.`,
  );
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  if (error instanceof AppError && Array.isArray(error.details?.lines)) {
    console.error(error.message);
    const lines = error.details.lines as { line: number; message: string }[];
    for (const { line, message } of lines) console.error(`  line ${line}: ${message}`);
    const more = Number(error.details.bad_lines ?? lines.length) - lines.length;
    if (more > 0) console.error(`  … and ${more} more`);
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exitCode = 1;
} finally {
  closeDb();
}
