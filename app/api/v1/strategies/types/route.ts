import { describeStrategyTypes } from "@/lib/strategies/registry";
import { strategyOps } from "@/lib/strategies/operations";
import { json, route } from "@/lib/http/route";

// GET /api/v1/strategies/types – each type's parameter and risk schemas as JSON Schema
export const GET = route(strategyOps.types, async () => json({ items: describeStrategyTypes(), next_cursor: null }));
