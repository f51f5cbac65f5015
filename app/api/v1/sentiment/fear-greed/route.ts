import { json, route } from "@/lib/http/route";
import { sentimentOps } from "@/lib/market/service/operations";
import { fearGreedView, isSignedIn } from "@/lib/market/service/views";

// GET /api/v1/sentiment/fear-greed – the index, its classification and source
export const GET = route(sentimentOps.fearGreed, async ({ req }) => json(await fearGreedView(await isSignedIn(req.headers))));
