import { AppError } from "@/lib/errors";
import type { CsvLineProblem } from "./parse-csv";

/** 422 listing the bad lines of an import (at most 100) in `details.lines`; nothing was stored. */
export class CsvRejected extends AppError {
  constructor(lines: CsvLineProblem[], badLines: number, message?: string) {
    super(
      422,
      "validation_failed",
      message ?? `The file has ${badLines} bad ${badLines === 1 ? "line" : "lines"}; nothing was imported.`,
      undefined,
      { lines, bad_lines: badLines },
    );
  }
}

/** 415: imports are sent as the raw CSV text. */
export class CsvMediaTypeRequired extends AppError {
  constructor() {
    super(415, "unsupported_media_type", "Send the file as the raw request body with Content-Type: text/csv.");
  }
}
