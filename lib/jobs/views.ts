import "server-only";
import { getDb } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import type { Job } from "@/lib/db/schema";
import { getJob, requestJobCancel } from "./queue";

/** The wire form of a job. */
export function jobResponse(job: Job) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    progress: job.progress,
    result: job.result ?? null,
    error: job.error,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  };
}

export async function getUserJob(userId: string, jobId: string): Promise<Job> {
  const job = await getJob(getDb(), userId, jobId);
  if (!job) throw new NotFound("Job not found.");
  return job;
}

export async function cancelUserJob(userId: string, jobId: string): Promise<Job> {
  const job = await requestJobCancel(getDb(), userId, jobId);
  if (!job) throw new NotFound("Job not found.");
  return job;
}
