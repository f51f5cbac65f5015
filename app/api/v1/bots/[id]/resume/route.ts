import { botOps } from "@/lib/bots/operations";
import { resumeBot } from "@/lib/bots/service";
import { json, route } from "@/lib/http/route";

// POST /api/v1/bots/{id}/resume
export const POST = route(botOps.resume, async ({ auth, params }) => json(await resumeBot(auth.user.id, params.id)));
