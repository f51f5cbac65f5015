import { json, route } from "@/lib/http/route";
import { importOps } from "@/lib/market/csv-import/operations";
import { listUserImports } from "@/lib/market/csv-import/service";

// GET /api/v1/market/imports – the caller's candle imports, newest first
export const GET = route(importOps.listImports, async ({ auth, query }) => json(await listUserImports(auth.user.id, query)));
