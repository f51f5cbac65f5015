"use client";

import { Upload } from "lucide-react";
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { asApiError, type ApiRequestError } from "@/components/api/api-request";
import { UtcTime } from "@/components/format/utc-time";
import { SelectField } from "@/components/settings/fields";
import { Button } from "@/components/ui/button";
import { FieldErrors } from "@/components/ui/field-errors";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast";
import { useFocusFirstInvalidField } from "@/components/ui/use-focus-first-invalid-field";
import { formatBytes } from "./format-bytes";
import { ProgressBar } from "./progress-bar";
import type { ImportResultWire } from "./types";
import { uploadCsv } from "./upload-csv";

type Phase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "processing" };
type Errors = Record<string, string[]>;

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** An import name the API accepts, from the file's name. */
function nameFromFile(fileName: string): string {
  return fileName.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 64);
}

/**
 * Uploads a candle CSV with a progress bar, then shows what was imported, or the file's bad lines.
 * The file travels as the raw body; the server checks every row before it stores anything.
 */
export function ImportForm({ timeframes, maxBytes, onImported }: { timeframes: readonly string[]; maxBytes: number; onImported: () => void }) {
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalidField(formRef);
  const nameRef = useRef<HTMLInputElement>(null);
  const linesId = useId();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiRequestError | null>(null);
  const [result, setResult] = useState<ImportResultWire | null>(null);
  const [nameTouched, setNameTouched] = useState(false);

  function onFileChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file && nameRef.current && (!nameTouched || !nameRef.current.value)) nameRef.current.value = nameFromFile(file.name);
  }


  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    const symbol = String(form.get("symbol") ?? "").trim();
    const timeframe = String(form.get("timeframe") ?? "");
    const name = String(form.get("name") ?? "").trim();
    const found: Errors = {};
    if (!(file instanceof File) || file.size === 0) found.file = ["Choose a CSV file."];
    else if (file.size > maxBytes) found.file = [`The file is ${formatBytes(file.size)}; the server accepts up to ${formatBytes(maxBytes)}.`];
    if (!symbol) found.symbol = ["Enter the file's symbol, such as BTC/USDT."];
    if (!NAME_PATTERN.test(name)) found.name = ["Use 1–64 letters, digits, dots, dashes or underscores."];
    setErrors(found);
    setFailure(null);
    setResult(null);
    if (Object.keys(found).length > 0 || !(file instanceof File)) {
      focusFirstInvalid();
      return;
    }

    setPhase({ kind: "uploading", percent: 0 });
    try {
      const imported = await uploadCsv(file, { symbol, timeframe, name }, {
        onProgress: (fraction) => setPhase((p) => (p.kind === "uploading" ? { kind: "uploading", percent: fraction * 100 } : p)),
        onUploaded: () => setPhase({ kind: "processing" }),
      });
      setResult(imported);
      toast({
        variant: "success",
        title: `Imported ${imported.imported.toLocaleString("en-US")} candles`,
        description: `${imported.source} · ${imported.symbol} ${imported.timeframe}`,
      });
      onImported();
    } catch (error) {
      const e = asApiError(error);
      setErrors(e.lines.length > 0 ? { file: [e.message] } : e.fields);
      setFailure(e);
      if (e.lines.length === 0) toast({ variant: "error", title: "Import failed", description: e.message });
      focusFirstInvalid();
    } finally {
      setPhase({ kind: "idle" });
    }
  }

  const busy = phase.kind !== "idle";
  const fileErrors = errors.file;
  const badLines = failure?.lines ?? [];
  const describedBy = [`import-file-hint`, fileErrors?.length ? "import-file-errors" : null, badLines.length ? linesId : null].filter(Boolean).join(" ");

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="import-form" aria-busy={busy || undefined}>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="import-file">CSV file</Label>
        <Input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          onChange={onFileChange}
          aria-invalid={Boolean(fileErrors?.length) || undefined}
          aria-describedby={describedBy}
          disabled={busy}
          className="py-1.5 file:mr-3 file:rounded file:border-0 file:bg-muted file:px-2 file:py-0.5 file:text-xs file:text-foreground"
        />
        <p id="import-file-hint" className="text-[11px] leading-4 text-muted-foreground">
          The exchange&apos;s kline-dump layout: open_time, open, high, low, close, volume, then any columns; header optional; times in s, ms or
          µs. Up to {formatBytes(maxBytes)}.
        </p>
        <FieldErrors name="file" id="import-file-errors" messages={fileErrors} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="symbol" id="import-symbol" label="Symbol" defaultValue="BTC/USDT" autoComplete="off" spellCheck={false} errors={errors.symbol} disabled={busy} />
        <SelectField
          name="timeframe"
          id="import-timeframe"
          label="Timeframe"
          defaultValue="1h"
          options={timeframes.map((tf) => ({ value: tf, label: tf }))}
          errors={errors.timeframe}
          disabled={busy}
        />
        <TextField
          ref={nameRef}
          name="name"
          id="import-name"
          label="Name"
          hint="Backtests name it import:<name>."
          autoComplete="off"
          spellCheck={false}
          onChange={() => setNameTouched(true)}
          errors={errors.name}
          disabled={busy}
        />
      </div>

      {phase.kind !== "idle" ? (
        <div className="flex flex-col gap-1.5" data-testid="import-progress">
          <div className="flex justify-between text-xs text-muted-foreground">
            <span>{phase.kind === "uploading" ? "Uploading…" : "Checking and storing candles…"}</span>
            {phase.kind === "uploading" ? <span aria-hidden="true">{Math.round(phase.percent)}%</span> : null}
          </div>
          <ProgressBar value={phase.kind === "uploading" ? phase.percent : null} label={phase.kind === "uploading" ? "Upload progress" : "Import progress"} />
        </div>
      ) : null}

      <div aria-live="polite">
        {badLines.length > 0 ? <BadLines id={linesId} failure={failure!} /> : null}
        {result ? <ImportSummary result={result} /> : null}
      </div>
      <FormMessage error={failure && badLines.length === 0 && Object.keys(failure.fields).length === 0 ? failure.message : null} />

      <div>
        <Button type="submit" loading={busy}>
          {busy ? null : <Upload className="size-3.5" aria-hidden="true" />}
          {busy ? "Importing…" : "Import CSV"}
        </Button>
      </div>
    </form>
  );
}

function BadLines({ id, failure }: { id: string; failure: ApiRequestError }) {
  const lines = failure.lines;
  const total = typeof failure.details.bad_lines === "number" ? failure.details.bad_lines : lines.length;
  return (
    <div id={id} className="rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-xs" data-testid="import-bad-lines">
      <p className="font-medium text-danger">Nothing was imported. Fix these lines and upload the file again:</p>
      <ul className="mt-1.5 max-h-48 space-y-0.5 overflow-y-auto font-mono text-[11px] text-foreground">
        {lines.map((l) => (
          <li key={`${l.line}:${l.message}`}>
            Line {l.line}: {l.message}
          </li>
        ))}
      </ul>
      {total > lines.length ? <p className="mt-1.5 text-muted-foreground">…and {(total - lines.length).toLocaleString("en-US")} more.</p> : null}
    </div>
  );
}

function ImportSummary({ result }: { result: ImportResultWire }) {
  const figures: [string, number][] = [
    ["Imported", result.imported],
    ["Duplicates", result.duplicates],
    ["Conflicts", result.conflicts],
    ["Gaps", result.gap_count],
  ];
  return (
    <div className="rounded-md border border-success/30 bg-success/10 px-3 py-2 text-xs" data-testid="import-result">
      <p className="font-medium text-foreground">
        {result.source} · {result.symbol} {result.timeframe}: <UtcTime epochMs={result.first_open_time} /> to <UtcTime epochMs={result.last_open_time} />
      </p>
      <dl className="mt-1.5 grid grid-cols-2 gap-x-4 gap-y-0.5 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="flex gap-1.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="font-medium tabular-nums text-foreground" data-testid={`import-${label.toLowerCase()}`}>
              {value.toLocaleString("en-US")}
            </dd>
          </div>
        ))}
      </dl>
      {result.conflicts > 0 ? (
        <p className="mt-1.5 text-muted-foreground">
          Conflicting rows kept the values already stored
          {result.conflict_lines.length > 0 ? ` (first at line ${result.conflict_lines[0].line}: ${result.conflict_lines[0].message})` : ""}.
        </p>
      ) : null}
      {result.gaps.length > 0 ? (
        <p className="mt-1.5 text-muted-foreground">
          First gap: <UtcTime epochMs={result.gaps[0].start} /> to <UtcTime epochMs={result.gaps[0].end} />
          {result.gap_count > 1 ? ` and ${result.gap_count - 1} more` : ""}.
        </p>
      ) : null}
    </div>
  );
}
