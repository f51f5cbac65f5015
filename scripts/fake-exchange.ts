/**
 * `npm run fake-exchange`: serves the tests' fake Binance on PORT (default 3999) so a demo can
 * connect an exchange key without the internet. Point the app at it with
 * EXCHANGE_BASE_URL=http://127.0.0.1:3999 and paste the key and secret printed below.
 */
import { startFakeExchange, type FakeAccount } from "@/e2e/fixtures/fake-exchange";

// Fixed on purpose, so a demo script or README can name them; they open nothing but this fake.
const demo: FakeAccount = {
  apiKey: "demoKey000000000000000000000000000000000000000000000000000000001",
  secret: "demoSecret000000000000000000000000000000000000000000000000000001",
  balances: [
    { asset: "USDT", free: "10000.00000000", locked: "0.00000000" },
    { asset: "BTC", free: "0.25000000", locked: "0.00000000" },
    { asset: "ETH", free: "2.00000000", locked: "0.00000000" },
  ],
  enableWithdrawals: false,
  ipRestrict: true,
  enableReading: true,
  enableSpotAndMarginTrading: true,
};

const port = Number(process.env.PORT ?? 3999);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`fake-exchange: PORT must be a number between 1 and 65535, not "${process.env.PORT}".`);
  process.exit(1);
}

const fake = await startFakeExchange({ port, host: process.env.HOST ?? "127.0.0.1", accounts: [demo] });
console.log(`Fake Binance spot API listening on ${fake.url}

  EXCHANGE_BASE_URL=${fake.url}
  API key: ${demo.apiKey}
  Secret:  ${demo.secret}

Press Ctrl+C to stop.`);

const shutdown = () => {
  void fake.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
