import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { formConfig } from "@/components/strategies/form-state";
import { requireUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { describeStrategyTypes } from "@/lib/strategies/registry";
import { strategyStore } from "@/lib/strategies/service";

/**
 * One of the signed-in trader's strategies, read with their id like the API does, so another
 * trader's strategy is a 404 exactly like a missing one. Cached per request: the page and its
 * metadata share one read.
 */
export const strategyOrNotFound = cache(async (id: string) => {
  const { user } = await requireUser();
  try {
    return await strategyStore().get(user.id, id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
});

/** What the strategy form and summaries need from GET /api/v1/strategies/types, computed on the server. */
export const strategyFormConfig = cache(() => formConfig(describeStrategyTypes()));
