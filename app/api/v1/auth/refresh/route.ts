import { authOps } from "@/lib/auth/operations";
import { refreshTokenPair } from "@/lib/auth/token-pairs";
import { assertRateLimit } from "@/lib/security/rate-limit";
import { json, route } from "@/lib/http/route";

// POST /api/v1/auth/refresh – trade a refresh token for a new pair
export const POST = route(authOps.refresh, async ({ body, client }) => {
  await assertRateLimit("refresh", client.ip ?? "unknown");
  return json(await refreshTokenPair(body.refresh_token, client));
});
