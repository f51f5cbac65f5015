import { ApiRequestError, errorFromResponse } from "@/components/api/api-request";
import type { ImportResultWire } from "@/lib/market/csv-import/schemas";

export type UploadQuery = { symbol: string; timeframe: string; name: string };

/**
 * Sends a CSV file as the raw body of POST /api/v1/market/candles/import. XMLHttpRequest rather than
 * fetch, because only it reports upload progress. `onUploaded` fires when the last byte is sent and
 * the server starts checking and storing the candles.
 */
export function uploadCsv(
  file: File,
  query: UploadQuery,
  handlers: { onProgress: (fraction: number) => void; onUploaded: () => void; signal?: AbortSignal },
): Promise<ImportResultWire> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/market/candles/import?${new URLSearchParams(query)}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) handlers.onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => {
      handlers.onProgress(1);
      handlers.onUploaded();
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportResultWire);
        } catch {
          reject(new ApiRequestError("The server's answer could not be read.", xhr.status, "client_error"));
        }
      } else {
        reject(errorFromResponse(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiRequestError("The upload failed: the server could not be reached.", 0, "network_error"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    handlers.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
