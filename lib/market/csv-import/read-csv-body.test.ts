import { describe, expect, it } from "vitest";
import { readCsvBody } from "./read-csv-body";

function request(body: BodyInit | null, headers: Record<string, string> = { "content-type": "text/csv" }): Request {
  return new Request("http://localhost/api/v1/market/candles/import", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body without Content-Length, arriving in pieces. */
function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(encoder.encode(p));
      controller.close();
    },
  });
}

describe("readCsvBody", () => {
  it("reads text/csv in UTF-8, with or without a charset, and drops a byte order mark", async () => {
    expect(await readCsvBody(request("a,b\n"), 100)).toBe("a,b\n");
    expect(await readCsvBody(request("\uFEFFa", { "content-type": "text/csv; charset=UTF-8" }), 100)).toBe("a");
    expect(await readCsvBody(request("a", { "content-type": "TEXT/CSV;charset=\"us-ascii\"" }), 100)).toBe("a");
    expect(await readCsvBody(request(null), 100)).toBe("");
  });

  it("refuses other media types and charsets with 415", async () => {
    for (const type of ["application/json", "text/plain", "text/csvx", "text/csv; charset=latin1", ""]) {
      await expect(readCsvBody(request("a", type ? { "content-type": type } : {}), 100), type).rejects.toMatchObject({ status: 415, code: "unsupported_media_type" });
    }
  });

  it("accepts exactly the limit and refuses one byte more, declared or streamed", async () => {
    expect(await readCsvBody(request("x".repeat(10)), 10)).toHaveLength(10);
    await expect(readCsvBody(request("x".repeat(11)), 10)).rejects.toMatchObject({ status: 413, code: "payload_too_large" });
    // A declared length over the limit is refused before anything is read.
    await expect(readCsvBody(request("x", { "content-type": "text/csv", "content-length": "11" }), 10)).rejects.toMatchObject({ status: 413 });
    expect(await readCsvBody(request(streamOf("xxxx", "xxxx", "xx")), 10)).toHaveLength(10);
    await expect(readCsvBody(request(streamOf("xxxx", "xxxx", "xxx")), 10)).rejects.toMatchObject({ status: 413 });
  });

  it("refuses bytes that are not UTF-8 with the line they are on", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("1,2,3\n4,5,6\n"), 0xc3, 0x28, 0x0a]);
    await expect(readCsvBody(request(bytes), 100)).rejects.toMatchObject({
      status: 422,
      details: { lines: [{ line: 3, message: "is not valid UTF-8 text" }], bad_lines: 1 },
    });
  });
});
