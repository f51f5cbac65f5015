"use client";

import { RotateCw } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div data-testid="page-error">
      <h1 className="mb-4 text-lg font-semibold tracking-tight">Something went wrong</h1>
      <Card>
        <CardContent>
          <ErrorState
            title="This page could not be loaded"
            description={
              <>
                <p>It may be a temporary problem. Try again; if it keeps happening, tell your administrator.</p>
                {digest ? (
                  <p className="mt-1 font-mono text-[11px]">
                    Reference: <span data-testid="error-digest">{digest}</span>
                  </p>
                ) : null}
              </>
            }
            action={
              <Button variant="secondary" onClick={() => retry()}>
                <RotateCw className="size-3.5" aria-hidden="true" />
                Try again
              </Button>
            }
            className="py-16"
          />
        </CardContent>
      </Card>
    </div>
  );
}
