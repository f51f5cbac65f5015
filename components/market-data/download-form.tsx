"use client";

import { Download } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { apiRequest, asApiError, isAbort } from "@/components/api/api-request";
import { SelectField } from "@/components/settings/fields";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast";
import { useFocusFirstInvalidField } from "@/components/ui/use-focus-first-invalid-field";
import { utcDateValue, utcDayStart } from "./date-input";
import { ProgressBar } from "./progress-bar";
import { FINISHED_JOB_STATUSES, type JobView } from "./types";

const POLL_MS = 500;
const DAY = 86_400_000;

type Errors = Record<string, string[]>;

/** The last day is inclusive; the forming candle and the future are never stored, so never asked for. */
function rangeEnd(lastDay: number): number {
  return Math.min(lastDay + DAY, Date.now());
}
type Running = { job: JobView; label: string };

/**
 * Downloads a range of candles from the deployment's market-data source into the store, as a
 * background job whose progress is polled every half second.
 */
export function DownloadForm({ timeframes, onFinished }: { timeframes: readonly string[]; onFinished: () => void }) {
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalidField(formRef);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [defaults] = useState(() => {
    const today = utcDayStart(utcDateValue(Date.now()))!;
    return { from: utcDateValue(today - 7 * DAY), to: utcDateValue(today) };
  });
  const jobId = running?.job.id ?? null;
  const label = running?.label ?? "";

  useEffect(() => {
    if (!jobId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await apiRequest<JobView>("GET", `/jobs/${encodeURIComponent(jobId)}`, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (FINISHED_JOB_STATUSES.includes(job.status)) {
          setRunning(null);
          if (job.status === "succeeded") toast({ variant: "success", title: "Candles downloaded", description: label });
          else toast({ variant: "error", title: `Download ${job.status}`, description: job.error ?? label });
          onFinished();
          return;
        }
        setRunning((current) => (current && current.job.id === job.id ? { ...current, job } : current));
      } catch (error) {
        if (isAbort(error, controller.signal)) return;
        setRunning(null);
        toast({ variant: "error", title: "Download status unavailable", description: asApiError(error).message });
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId, label, onFinished, toast]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const symbol = String(form.get("symbol") ?? "").trim();
    const timeframe = String(form.get("timeframe") ?? "");
    const start = utcDayStart(String(form.get("start") ?? ""));
    const lastDay = utcDayStart(String(form.get("end") ?? ""));
    const found: Errors = {};
    if (!symbol) found.symbol = ["Enter a symbol such as BTC/USDT."];
    if (start === null) found.start = ["Pick the first day."];
    if (lastDay === null) found.end = ["Pick the last day."];
    else if (start !== null && lastDay < start) found.end = ["The last day cannot be before the first."];
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0 || start === null || lastDay === null) {
      focusFirstInvalid();
      return;
    }
    const end = rangeEnd(lastDay);
    setSubmitting(true);
    try {
      const answer = await apiRequest<{ job?: JobView } & Partial<JobView>>("POST", "/market/candles/download", { body: { symbol, timeframe, start, end } });
      const job = (answer.job ?? answer) as JobView;
      setRunning({ job, label: `${symbol.toUpperCase()} ${timeframe}, ${utcDateValue(start)} to ${utcDateValue(lastDay)}` });
    } catch (error) {
      const e = asApiError(error);
      setErrors(e.fields);
      setMessage(e.message);
      focusFirstInvalid();
    } finally {
      setSubmitting(false);
    }
  }


  const busy = submitting || running !== null;
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="download-form" aria-busy={busy || undefined}>
      <p className="text-xs text-muted-foreground">
        Fetches closed candles from this server&apos;s market-data source into the store. Ranges already stored are skipped.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="symbol" id="download-symbol" label="Symbol" defaultValue="BTC/USDT" autoComplete="off" spellCheck={false} errors={errors.symbol} disabled={busy} />
        <SelectField
          name="timeframe"
          id="download-timeframe"
          label="Timeframe"
          defaultValue="1h"
          options={timeframes.map((tf) => ({ value: tf, label: tf }))}
          errors={errors.timeframe}
          disabled={busy}
        />
        <TextField name="start" id="download-start" type="date" label="First day (UTC)" defaultValue={defaults.from} errors={errors.start} disabled={busy} />
        <TextField name="end" id="download-end" type="date" label="Last day (UTC, included)" defaultValue={defaults.to} errors={errors.end} disabled={busy} />
      </div>
      {running ? (
        <div className="flex flex-col gap-1.5" data-testid="download-progress">
          <div className="flex justify-between text-xs text-muted-foreground">
            <span>Downloading {running.label}…</span>
            <span aria-hidden="true">{running.job.progress}%</span>
          </div>
          <ProgressBar value={running.job.progress} label="Download progress" />
        </div>
      ) : null}
      <FormMessage error={message} />
      <div>
        <Button type="submit" loading={busy}>
          {busy ? null : <Download className="size-3.5" aria-hidden="true" />}
          {running ? "Downloading…" : "Download candles"}
        </Button>
      </div>
    </form>
  );
}
