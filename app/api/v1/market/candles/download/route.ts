import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { startDownload } from "@/lib/market/service/views";

// POST /api/v1/market/candles/download – fill a range of the store, as a job (202)
export const POST = route(marketOps.download, async ({ auth, body }) => json(await startDownload(auth.user.id, body), 202));
