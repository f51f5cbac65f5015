import { json, route } from "@/lib/http/route";
import { importOps } from "@/lib/market/csv-import/operations";
import { importCsvUpload } from "@/lib/market/csv-import/service";

// POST /api/v1/market/candles/import – import a candle CSV (raw text/csv body) for the caller
export const POST = route(importOps.importCandles, async ({ auth, query, req }) => json(await importCsvUpload(auth.user.id, query, req), 201));
