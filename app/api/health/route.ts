import { checkHealth } from "@/lib/system/health";
import { systemOps } from "@/lib/system/operations";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/health – liveness and database check
export const GET = route(systemOps.health, async () => {
  const health = await checkHealth();
  return json(health, health.status === "ok" ? 200 : 503);
});
