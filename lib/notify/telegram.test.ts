import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "@/e2e/fixtures/fake-telegram";

// Everything logged is captured, to prove the token never reaches the logs either.
const logged: unknown[] = [];
vi.mock("@/lib/log", () => {
  const record = (...args: unknown[]) => void logged.push(args);
  const log = { child: () => log, warn: record, error: record, info: record, debug: record };
  return { logger: () => log };
});

const { deliverTelegramMessage, sendTelegramMessage } = await import("@/lib/notify/telegram");

const TOKEN = "7000000001:AAH-good_Token-0123456789abcdefghij";
const WRONG = "7000000001:AAH-wrong_Token-0123456789abcdefghi";
const CHAT = "424242";

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram({ validTokens: [TOKEN], knownChats: [CHAT, "@autocbot_channel"], blockedChats: ["666"] });
});
afterAll(() => fake.stop());

const send = (botToken: string, chatId: string, options: Parameters<typeof sendTelegramMessage>[1] = {}) =>
  sendTelegramMessage({ botToken, chatId, text: "hello from the test" }, { baseUrl: fake.url, ...options });

const results: { message: string }[] = [];
const track = <T extends { message: string }>(result: T) => (results.push(result), result);

describe("sendTelegramMessage against the fake Bot API", () => {
  it("delivers with a good token and a known chat", async () => {
    fake.messages.length = 0;
    expect(track(await send(TOKEN, CHAT))).toEqual({ ok: true, message: "Telegram delivered the message." });
    expect(fake.messages).toEqual([{ token: TOKEN, chat_id: CHAT, text: "hello from the test" }]);
    expect(track(await send(TOKEN, "@autocbot_channel", { baseUrl: `${fake.url}/` })).ok).toBe(true);
  });

  it("explains a refused token", async () => {
    expect(track(await send(WRONG, CHAT))).toEqual({ ok: false, message: "The bot token was refused by Telegram." });
  });

  it("explains an unknown chat", async () => {
    expect(track(await send(TOKEN, "999"))).toEqual({
      ok: false,
      message: "Telegram does not know this chat id: start a chat with the bot first.",
    });
  });

  it("explains a blocked bot", async () => {
    const result = track(await send(TOKEN, "666"));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/blocked by the user/);
  });

  it("reports Telegram down as unreachable", async () => {
    const down = await startFakeTelegram({ validTokens: [TOKEN], knownChats: [CHAT] });
    await down.stop();
    expect(track(await send(TOKEN, CHAT, { baseUrl: down.url }))).toEqual({ ok: false, message: "Telegram could not be reached." });
  });

  it("refuses a token that would rewrite the request path, without sending it", async () => {
    const fetchImpl = vi.fn(fetch);
    const result = track(await send("123:abc/../../admin?x=", CHAT, { fetchImpl }));
    expect(result.ok).toBe(false);
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe("sendTelegramMessage error mapping", () => {
  const answering = (status: number, body: unknown) =>
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

  it("maps 429 with retry_after", async () => {
    const fetchImpl = answering(429, {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 17",
      parameters: { retry_after: 17 },
    });
    expect(track(await send(TOKEN, CHAT, { fetchImpl }))).toEqual({
      ok: false,
      message: "Telegram is rate limiting this bot: try again in 17 s.",
    });
  });

  it("maps 404 (malformed token) to the refused-token message and other 400s to Telegram's description", async () => {
    expect(track(await send(TOKEN, CHAT, { fetchImpl: answering(404, { ok: false, error_code: 404, description: "Not Found" }) })).message).toBe(
      "The bot token was refused by Telegram.",
    );
    const other = track(
      await send(TOKEN, CHAT, {
        fetchImpl: answering(400, { ok: false, error_code: 400, description: "Bad Request: message is too long" }),
      }),
    );
    expect(other.message).toBe("Telegram refused the message: Bad Request: message is too long");
    const html = track(await send(TOKEN, CHAT, { fetchImpl: vi.fn(async () => new Response("<html>bad gateway</html>", { status: 502 })) }));
    expect(html).toEqual({ ok: false, message: "Telegram answered HTTP 502." });
  });

  it("posts JSON with chat_id, text and disable_web_page_preview to /bot<token>/sendMessage", async () => {
    const fetchImpl = answering(200, { ok: true, result: { message_id: 1 } });
    await send(TOKEN, CHAT, { fetchImpl, baseUrl: "https://bot-api.example/" });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`https://bot-api.example/bot${TOKEN}/sendMessage`);
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ chat_id: CHAT, text: "hello from the test", disable_web_page_preview: true });
  });

  it("scrubs the token from descriptions and from errors that quote the URL", async () => {
    const echoing = answering(400, { ok: false, error_code: 400, description: `Bad Request: token ${TOKEN} is odd` });
    track(await send(TOKEN, CHAT, { fetchImpl: echoing }));
    const throwing = vi.fn(async (input: string | URL | Request) => {
      throw new TypeError(`Failed to parse URL from ${String(input)}`);
    });
    expect(track(await send(TOKEN, CHAT, { fetchImpl: throwing }))).toEqual({ ok: false, message: "Telegram could not be reached." });
    track(await send(TOKEN, CHAT, { baseUrl: "not a url" }));
  });

  it("times out as unreachable", async () => {
    const hanging = vi.fn(
      (_input: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    );
    const result = track(await send(TOKEN, CHAT, { fetchImpl: hanging, timeoutMs: 200 }));
    expect(result).toEqual({ ok: false, message: "Telegram could not be reached: no answer within 0.2 s." });
  });
});

describe("deliverTelegramMessage outcomes (what the outbox may retry)", () => {
  const deliver = (options: Parameters<typeof deliverTelegramMessage>[1]) =>
    deliverTelegramMessage({ botToken: TOKEN, chatId: CHAT, text: "outcome" }, { baseUrl: fake.url, ...options });

  it("tells a refusal, with Telegram's retry_after, from a delivery", async () => {
    expect(await deliver({})).toEqual({ outcome: "delivered", message: "Telegram delivered the message.", status: 200 });
    fake.failNext({ status: 429, retryAfter: 3 });
    expect(track(await deliver({}))).toEqual({ outcome: "refused", status: 429, retryAfterS: 3, message: "Telegram is rate limiting this bot: try again in 3 s." });
    fake.failNext({ status: 500 });
    expect(track(await deliver({}))).toMatchObject({ outcome: "refused", status: 500 });
  });

  it("calls a connection that never opened not sent, and a lost answer ambiguous", async () => {
    const down = await startFakeTelegram({ validTokens: [TOKEN], knownChats: [CHAT] });
    await down.stop();
    expect((await deliver({ baseUrl: down.url })).outcome).toBe("not_sent");
    fake.failNext({ lost: true });
    const before = fake.messages.length;
    expect((await deliver({})).outcome).toBe("ambiguous");
    // It did arrive: exactly why it must not be sent again.
    expect(fake.messages.length).toBe(before + 1);
    const hanging = vi.fn(
      (_input: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    );
    expect((await deliver({ fetchImpl: hanging, timeoutMs: 100 })).outcome).toBe("ambiguous");
    const unreadable = vi.fn(async () => new Response("<html>ok</html>", { status: 200 }));
    expect((await deliver({ fetchImpl: unreadable })).outcome).toBe("ambiguous");
  });
});

afterAll(() => {
  // Runs after every test above: no answer and no log line may carry the token (or its secret half).
  const secretHalf = TOKEN.split(":")[1];
  expect(logged.length).toBeGreaterThan(0);
  for (const text of [...results.map((r) => r.message), JSON.stringify(logged)]) {
    expect(text).not.toContain(secretHalf);
    expect(text).not.toContain(WRONG.split(":")[1]);
  }
});
