import { authOps } from "@/lib/auth/operations";
import { streamOps } from "@/lib/events/operations";
import { jobOps } from "@/lib/jobs/operations";
import { systemOps } from "@/lib/system/operations";
import type { Operation } from "./operation";

/** Every operation of the API. A test checks this list against the route files that exist. */
export const ALL_OPERATIONS: Operation[] = [
  ...Object.values(systemOps),
  ...Object.values(authOps),
  ...Object.values(streamOps),
  ...Object.values(jobOps),
] as Operation[];
