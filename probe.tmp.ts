import { startTestServer } from "./tests/support/test-server";
import { apiClient } from "./tests/support/api-client";
const server = await startTestServer({ env: { SIMULATED_SEED: "7" } });
const api = apiClient(server.url);
const { tokens } = await api.newUser("probe");
const token = tokens.access_token;
const s = await api.request<any>("POST", "/api/v1/strategies", { token, body: { name: "p", type: "ma_cross", symbols: ["ADA/USDT"], timeframe: "15m" } });
const DAY = 86_400_000;
const end = Math.floor(Date.now() / DAY) * DAY;
const abort = new AbortController();
const t0 = Date.now();
const stream = await fetch(`${server.url}/api/v1/stream?topics=backtest.progress`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
console.log("stream open after", Date.now() - t0);
(async () => {
  const reader = stream.body!.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = dec.decode(value);
    for (const m of text.matchAll(/"progress":(\d+),"phase":"(\w+)"/g)) console.log(Date.now() - t0, "event", m[1], m[2]);
  }
})().catch(() => {});
const r = await api.request<any>("POST", "/api/v1/backtests", { token, body: { strategy_id: s.body.id, start: end - 45 * DAY, end } });
console.log(Date.now() - t0, "posted", r.status);
for (let i = 0; i < 60; i++) {
  const a = Date.now();
  const g = await api.request<any>("GET", `/api/v1/backtests/${r.body.id}`, { token });
  console.log(Date.now() - t0, "GET took", Date.now() - a, g.body.status, g.body.progress);
  if (g.body.status === "completed") break;
  await new Promise((res) => setTimeout(res, 200));
}
abort.abort();
await server.stop();
process.exit(0);
