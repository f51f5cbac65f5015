import { jobOps } from "@/lib/jobs/operations";
import { getUserJob, jobResponse } from "@/lib/jobs/views";
import { json, route } from "@/lib/http/route";

// GET /api/v1/jobs/{id} – a background job's status, progress and result
export const GET = route(jobOps.get, async ({ auth, params }) => json(jobResponse(await getUserJob(auth.user.id, params.id))));
