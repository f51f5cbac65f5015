import { PayloadTooLarge } from "../../errors";
import { CsvMediaTypeRequired, CsvRejected } from "./errors";

const CSV_TYPE = /^\s*text\/csv\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * The raw CSV body of a request, counted as it arrives: a declared Content-Length above the limit
 * is refused before anything is read, and a body that streams past it is cut off with 413. Only
 * UTF-8 (or its ASCII subset) is accepted, decoded strictly so a mis-encoded file is refused rather
 * than imported with replacement characters.
 */
export async function readCsvBody(req: Request, limitBytes: number): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  if (!CSV_TYPE.test(type)) throw new CsvMediaTypeRequired();
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && !["utf-8", "utf8", "us-ascii"].includes(charset)) throw new CsvMediaTypeRequired();

  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLarge(limitBytes);

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limitBytes) {
        await reader.cancel().catch(() => {});
        throw new PayloadTooLarge(limitBytes);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const bad = text.indexOf("\uFFFD");
    let line = 1;
    for (let i = text.indexOf("\n"); i >= 0 && i < bad; i = text.indexOf("\n", i + 1)) line++;
    throw new CsvRejected([{ line, message: "is not valid UTF-8 text" }], 1, "The file is not valid UTF-8 text; nothing was imported.");
  }
}
