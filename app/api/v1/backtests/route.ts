import { backtestOps } from "@/lib/backtests/operations";
import { listBacktests, queueBacktest } from "@/lib/backtests/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/backtests – the caller's runs, newest first
export const GET = route(backtestOps.list, async ({ auth, query }) => json(listBacktests(auth.user.id, query)));

// POST /api/v1/backtests – queue a run (202, Location); Idempotency-Key accepted
export const POST = route(backtestOps.create, async ({ auth, body, req }) => queueBacktest(auth.user.id, body, req.headers));
