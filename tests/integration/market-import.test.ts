import http from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const IMPORT = "/api/v1/market/candles/import";
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Kline-dump rows (twelve columns) of consecutive hours from `start`, skipping the hours in `skip`. */
function klines(start: number, n: number, skip: number[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (skip.includes(i)) continue;
    const t = start + i * H;
    const o = 40_000 + i;
    out.push([t, o, o + 12.5, o - 7.25, o + 3.5, 1.5 + i / 8, t + H - 1, 61_000.5, 420, 0.75, 30_500.25, 0].join(","));
  }
  return out;
}

const HEADER = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore";

function importPath(query: Record<string, string>): string {
  return `${IMPORT}?${new URLSearchParams(query)}`;
}

async function upload(token: string | undefined, query: Record<string, string>, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${importPath(query)}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** What the shared server's database holds under a user's import sources. */
function storedImportCandles(userId: string): number {
  const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM candles WHERE source LIKE ?").get(`import:${userId}:%`) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function coverageSources(token: string): Promise<string[]> {
  const res = await api.request<{ items: { source: string }[] }>("GET", "/api/v1/market/coverage", { token });
  expect(res.status).toBe(200);
  return res.body.items.map((i) => i.source);
}

describe("CSV candle import over the API", () => {
  let alice: Awaited<ReturnType<typeof api.newUser>>;
  let bob: Awaited<ReturnType<typeof api.newUser>>;
  const query = { symbol: "BTC/USDT", timeframe: "1h", name: "btc-jan" };
  const rows = klines(T0, 72, [30, 31, 50]);
  const csv = `\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n`;

  beforeAll(async () => {
    alice = await api.newUser("importer");
    bob = await api.newUser("other");
  });

  it("refuses a bad file with the bad lines, storing nothing", async () => {
    const bad = [...rows];
    bad[4] = bad[4].replace(/^(\d+),(\d+),(\d+(?:\.\d+)?)/, "$1,$2,1"); // high below open: line 6 (after the header)
    bad[9] = "not,a,row"; // line 11
    const res = await upload(alice.tokens.access_token, query, `${HEADER}\n${bad.join("\n")}\n`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation_failed", details: { bad_lines: 2 } });
    expect(res.body.error.details.lines).toEqual([
      { line: 6, message: expect.stringMatching(/^high 1 is below max\(open, close\)/) },
      { line: 11, message: "expected at least 6 columns (open_time, open, high, low, close, volume), found 3" },
    ]);
    const list = await api.request("GET", "/api/v1/market/imports", { token: alice.tokens.access_token });
    expect(list.body).toEqual({ items: [], next_cursor: null });
    expect(storedImportCandles(alice.user.id)).toBe(0);
    expect((await coverageSources(alice.tokens.access_token)).filter((s) => s.startsWith("import:"))).toEqual([]);
  });

  it("imports a good file: 201 with the outcome, listed, in coverage", async () => {
    const res = await upload(alice.tokens.access_token, { ...query, symbol: "btc-usdt" }, csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      source: "import:btc-jan",
      symbol: "BTC/USDT",
      timeframe: "1h",
      rows: 69,
      imported: 69,
      duplicates: 0,
      conflicts: 0,
      conflict_lines: [],
      first_open_time: T0,
      last_open_time: T0 + 71 * H,
      gaps: [
        { start: T0 + 30 * H, end: T0 + 32 * H },
        { start: T0 + 50 * H, end: T0 + 51 * H },
      ],
      gap_count: 2,
    });
    expect(storedImportCandles(alice.user.id)).toBe(69);

    const list = await api.request("GET", "/api/v1/market/imports", { token: alice.tokens.access_token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        {
          id: res.body.id,
          name: "btc-jan",
          source: "import:btc-jan",
          symbol: "BTC/USDT",
          timeframe: "1h",
          status: "published",
          rows: 69,
          imported: 69,
          duplicates: 0,
          conflicts: 0,
          first_open_time: T0,
          last_open_time: T0 + 71 * H,
          created_at: expect.any(Number),
          finished_at: expect.any(Number),
        },
      ],
      next_cursor: null,
    });

    const coverage = await api.request<{ items: any[] }>("GET", "/api/v1/market/coverage", { token: alice.tokens.access_token });
    expect(coverage.body.items.filter((i) => i.source === "import:btc-jan")).toEqual([
      {
        source: "import:btc-jan",
        symbol: "BTC/USDT",
        timeframe: "1h",
        start: T0,
        end: T0 + 72 * H,
        count: 69,
        gaps: [
          { start: T0 + 30 * H, end: T0 + 32 * H },
          { start: T0 + 50 * H, end: T0 + 51 * H },
        ],
      },
    ]);
  });

  it("adds nothing when the same file is imported again, and reports conflicting values", async () => {
    const again = await upload(alice.tokens.access_token, query, csv);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ imported: 0, duplicates: 69, conflicts: 0 });

    const changed = [...rows];
    changed[0] = changed[0].replace(/^(\d+),(\d+),/, "$1,40000.5,"); // another open for the first hour
    const conflicting = await upload(alice.tokens.access_token, query, `${changed.join("\n")}\n`);
    expect(conflicting.status).toBe(201);
    expect(conflicting.body).toMatchObject({ imported: 0, duplicates: 68, conflicts: 1 });
    expect(conflicting.body.conflict_lines).toEqual([{ line: 1, open_time: T0, message: "differs from the stored candle: open 40000.5 (stored 40000)" }]);
    expect(storedImportCandles(alice.user.id)).toBe(69);
  });

  it("keeps imports private: another user can neither see nor delete them", async () => {
    const list = await api.request("GET", "/api/v1/market/imports", { token: alice.tokens.access_token });
    const id = list.body.items[0].id as string;
    const theirs = await api.request("GET", "/api/v1/market/imports", { token: bob.tokens.access_token });
    expect(theirs.body).toEqual({ items: [], next_cursor: null });
    const del = await api.request("DELETE", `/api/v1/market/imports/${id}`, { token: bob.tokens.access_token });
    expect(del.status).toBe(404);
    expect(del.body.error.code).toBe("not_found");
    expect((await coverageSources(bob.tokens.access_token)).filter((s) => s.startsWith("import:"))).toEqual([]);
    expect(storedImportCandles(alice.user.id)).toBe(69);
  });

  it("validates the query, the content type and the caller", async () => {
    const token = alice.tokens.access_token;
    const noToken = await upload(undefined, query, csv);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe("unauthenticated");

    const wrongType = await upload(token, query, csv, { "content-type": "application/json" });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe("unsupported_media_type");
    expect((await upload(token, query, csv, { "content-type": "text/csv; charset=latin1" })).status).toBe(415);
    expect((await upload(token, query, csv, { "content-type": "text/csv; charset=utf-8" })).status).toBe(201);

    const badQuery = await upload(token, { symbol: "BTCUSDT", timeframe: "7m", name: "no spaces", extra: "1" }, csv);
    expect(badQuery.status).toBe(422);
    expect(badQuery.body.error.fields).toEqual({
      symbol: ["must be BASE/QUOTE, e.g. BTC/USDT"],
      timeframe: ["must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d"],
      name: [expect.stringContaining("1–64 characters")],
      extra: ["is not a recognised field"],
    });

    const notUtf8 = await upload(token, query, new Uint8Array([...Buffer.from(`${rows[0]}\n`), 0xff, 0xfe, 0x41, 0x0a]));
    expect(notUtf8.status).toBe(422);
    expect(notUtf8.body.error.details.lines).toEqual([{ line: 2, message: "is not valid UTF-8 text" }]);
  });

  it("accepts the browser's session cookie from our own origin only", async () => {
    const cookie = await api.browserLogin(alice.email, alice.password);
    const path = importPath({ ...query, name: "from-browser" });
    const sameOrigin = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "text/csv", cookie, "sec-fetch-site": "same-origin" },
      body: csv,
    });
    expect(sameOrigin.status).toBe(201);
    const crossSite = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "text/csv", cookie, "sec-fetch-site": "cross-site" },
      body: csv,
    });
    expect(crossSite.status).toBe(403);
  });

  it("deletes an import with its candles", async () => {
    const token = alice.tokens.access_token;
    const list = await api.request<{ items: { id: string; name: string }[] }>("GET", "/api/v1/market/imports", { token });
    for (const item of list.body.items) {
      expect((await api.request("DELETE", `/api/v1/market/imports/${item.id}`, { token })).status).toBe(204);
    }
    expect((await api.request("GET", "/api/v1/market/imports", { token })).body).toEqual({ items: [], next_cursor: null });
    expect(storedImportCandles(alice.user.id)).toBe(0);
    expect((await coverageSources(token)).filter((s) => s.startsWith("import:"))).toEqual([]);
    expect((await api.request("DELETE", `/api/v1/market/imports/${list.body.items[0].id}`, { token })).status).toBe(404);
  });
});

describe("CSV import size limit (IMPORT_MAX_BYTES=2048)", () => {
  const LIMIT = 2048;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { IMPORT_MAX_BYTES: String(LIMIT), RATE_LIMIT_SCALE: "1000" } });
    token = (await apiClient(server.url).newUser("limit")).tokens.access_token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Valid CSV of exactly `size` bytes: rows, then blank lines (which are skipped) as padding. */
  function csvOfSize(size: number): string {
    const text = `${klines(T0, 12).join("\n")}\n`;
    expect(text.length).toBeLessThan(size);
    return text.padEnd(size, "\n");
  }

  function rawPost(body: string, chunked: boolean): Promise<{ status: number; body: any }> {
    const url = new URL(`${IMPORT}?symbol=ETH%2FUSDT&timeframe=1h&name=limit`, server.url);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { "content-type": "text/csv", authorization: `Bearer ${token}` };
      if (!chunked) headers["content-length"] = Buffer.byteLength(body);
      const req = http.request(url, { method: "POST", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      // Several writes, so a chunked body arrives in pieces.
      for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
      req.end();
    });
  }

  it("accepts a body of exactly the limit and refuses one byte more", async () => {
    const exact = await rawPost(csvOfSize(LIMIT), false);
    expect(exact.status).toBe(201);
    expect(exact.body).toMatchObject({ imported: 12 });
    const over = await rawPost(csvOfSize(LIMIT + 1), false);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({ code: "payload_too_large", message: `The request body is larger than ${LIMIT} bytes.` });
  });

  it("counts a chunked body as it arrives, even one larger than the proxy's buffer", async () => {
    expect((await rawPost(csvOfSize(LIMIT), true)).status).toBe(201);
    expect((await rawPost(csvOfSize(LIMIT + 1), true)).status).toBe(413);
    expect((await rawPost(csvOfSize(3 * 1024 * 1024), true)).status).toBe(413);
  });
});
