import { jobOps } from "@/lib/jobs/operations";
import { cancelUserJob, jobResponse } from "@/lib/jobs/views";
import { json, route } from "@/lib/http/route";

// POST /api/v1/jobs/{id}/cancel – ask a job to stop
export const POST = route(jobOps.cancel, async ({ auth, params }) => json(jobResponse(await cancelUserJob(auth.user.id, params.id))));
