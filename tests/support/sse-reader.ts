/**
 * Reads a Server-Sent Events body as text, with deadlines, so tests can wait for an event (or for
 * the server to end the stream) without hanging when it never comes.
 */
export type SseReader = {
  text(): string;
  /** Reads until `until(text)` holds; fails at the deadline or if the stream ends first. */
  readUntil(until: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Reads until the server ends the stream; fails at the deadline. */
  readToEnd(timeoutMs: number): Promise<string>;
};

export function readSse(response: Response, label = "stream"): SseReader {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  let pending: ReturnType<typeof reader.read> | null = null;

  async function pump(stop: () => boolean, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!done && !stop()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`${label}: timed out waiting for ${what}; received so far:\n${text}`);
      pending ??= reader.read();
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([pending, new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), remaining)))]);
      clearTimeout(timer);
      if (chunk === "timeout") continue;
      pending = null;
      if (chunk.done) done = true;
      else text += decoder.decode(chunk.value, { stream: true });
    }
  }

  return {
    text: () => text,
    async readUntil(until, timeoutMs = 10_000) {
      await pump(() => until(text), timeoutMs, "the expected text");
      if (!until(text)) throw new Error(`${label} ended before the expected text; received:\n${text}`);
      return text;
    },
    async readToEnd(timeoutMs) {
      await pump(() => false, timeoutMs, "the end of the stream");
      return text;
    },
  };
}
