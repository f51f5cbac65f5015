import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/e2e/fixtures/webhook-receiver";
import {
  assertPublicDestination,
  classifyAddress,
  deliverWebhook,
  UnsafeDestination,
  type Resolver,
} from "@/lib/notify/ssrf-guard";
import { generateWebhookSecret } from "@/lib/notify/webhook-signature";

// env() reads process.env lazily on first use, so this is what "no allowHosts option" falls back to.
process.env.ALLOW_WEBHOOK_HOSTS = "127.0.0.1:8080, hooks.internal.test:9443";

const publicResolver: Resolver = async () => ["93.184.216.34"];
const failingResolver: Resolver = async () => {
  throw new Error("resolver must not be called");
};

async function refusal(url: string, resolve: Resolver = failingResolver, allowHosts: string[] = []) {
  const error = await assertPublicDestination(new URL(url), { resolve, allowHosts }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, url).toBeInstanceOf(UnsafeDestination);
  return error as UnsafeDestination;
}

describe("assertPublicDestination", () => {
  it.each([
    ["https://10.0.0.1/", "private"],
    ["https://172.16.5.4/", "private"],
    ["https://192.168.1.1/", "private"],
    ["https://127.0.0.1/", "loopback"],
    ["https://169.254.169.254/latest/meta-data/", "metadata"],
    ["https://[::1]/", "loopback"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://[::ffff:a9fe:a9fe]/", "metadata"],
    ["https://0.0.0.0/", "unspecified"],
    ["http://2130706433/", "loopback"],
    ["https://0x7f.1/", "loopback"],
    ["https://0177.0.0.1/", "loopback"],
    ["https://[fe80::1]/", "link_local"],
    ["https://[fd00::1]/", "private"],
    ["https://[64:ff9b::a00:1]/", "private"],
    ["https://100.64.0.1/", "shared"],
    ["https://255.255.255.255/", "reserved"],
  ])("refuses %s (%s)", async (url, kind) => {
    const error = await refusal(url);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(422);
    expect(error.reason).toMatch(/public internet/);
  });

  it("refuses a host name whose DNS answer is loopback", async () => {
    const error = await refusal("https://rebind.example/", async () => ["127.0.0.1"]);
    expect(error.kind).toBe("loopback");
  });

  it("refuses a host name that resolves to one public and one private address", async () => {
    const error = await refusal("https://mixed.example/", async () => ["93.184.216.34", "10.1.2.3"]);
    expect(error.kind).toBe("private");
    await refusal("https://mixed6.example/", async () => ["2606:2800:220:1::1", "fd12:3456::1"]);
  });

  it("refuses plain http to a public host before looking it up", async () => {
    const resolve = vi.fn(publicResolver);
    const error = await refusal("http://example.com/hook", resolve);
    expect(error.kind).toBe("scheme");
    expect(error.reason).toBe("Webhook URLs must start with https://.");
    expect(resolve).not.toHaveBeenCalled();
    expect((await refusal("ftp://example.com/")).kind).toBe("scheme");
  });

  it("refuses a host name that does not resolve", async () => {
    expect((await refusal("https://nowhere.example/", async () => [])).kind).toBe("unresolvable");
  });

  it("allows https to a public address without connecting", async () => {
    const resolve = vi.fn(publicResolver);
    await expect(assertPublicDestination(new URL("https://example.com/hook"), { resolve, allowHosts: [] })).resolves.toEqual({
      address: "93.184.216.34",
      family: 4,
    });
    expect(resolve).toHaveBeenCalledWith("example.com");
    await expect(assertPublicDestination(new URL("https://8.8.8.8/"), { allowHosts: [] })).resolves.toEqual({
      address: "8.8.8.8",
      family: 4,
    });
  });

  it("allows exactly an ALLOW_WEBHOOK_HOSTS host:port, over http too, and not the same host on another port", async () => {
    await expect(assertPublicDestination(new URL("http://127.0.0.1:8080/hook"))).resolves.toEqual({
      address: "127.0.0.1",
      family: 4,
    });
    expect((await refusal("http://127.0.0.1:8081/hook", failingResolver, ["127.0.0.1:8080"])).kind).toBe("loopback");
    await expect(assertPublicDestination(new URL("http://127.0.0.1:8081/"))).rejects.toBeInstanceOf(UnsafeDestination);
    await expect(assertPublicDestination(new URL("http://127.0.0.1/"))).rejects.toBeInstanceOf(UnsafeDestination);
    await expect(
      assertPublicDestination(new URL("https://hooks.internal.test:9443/"), { resolve: async () => ["10.9.8.7"] }),
    ).resolves.toEqual({ address: "10.9.8.7", family: 4 });
    await expect(
      assertPublicDestination(new URL("https://hooks.internal.test/"), { resolve: async () => ["10.9.8.7"] }),
    ).rejects.toBeInstanceOf(UnsafeDestination);
  });
});

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", null],
    ["93.184.216.34", null],
    ["172.15.255.255", null],
    ["172.32.0.1", null],
    ["100.63.255.255", null],
    ["100.128.0.1", null],
    ["11.0.0.1", null],
    ["172.31.255.255", "private"],
    ["0.1.2.3", "reserved"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:8.8.8.8", null],
    ["::127.0.0.1", "reserved"],
    ["64:ff9b::8.8.8.8", null],
    ["64:ff9b::192.168.0.1", "private"],
    ["64:ff9b:1::1", "private"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:0808:0808::1", null],
    ["fc00::1", "private"],
    ["fdff:ffff::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["fe80::1%eth0", "link_local"],
    ["febf::1", "link_local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["2606:4700:4700::1111", null],
    ["2a00:1450:4001:80b::200e", null],
    ["not-an-ip", "reserved"],
  ])("%s → %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe("deliverWebhook", () => {
  const secret = generateWebhookSecret();
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  let receiver: WebhookReceiver;
  let other: WebhookReceiver;
  let silent: http.Server;
  let silentPort: number;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    other = await startWebhookReceiver();
    silent = http.createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await receiver.stop();
    await other.stop();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  const reset = () => {
    receiver.received.length = 0;
    other.received.length = 0;
    receiver.setRedirect(null);
    receiver.setStatus(200);
  };
  const allowReceiver = () => [`127.0.0.1:${receiver.port}`];

  it("delivers a body signed over '{id}.{timestamp}.{raw body}'", async () => {
    reset();
    const payload = { type: "test", message: "AutoCbot test notification", sent_at: Date.now() };
    const result = await deliverWebhook(receiver.url, secret, payload, { allowHosts: allowReceiver() });
    expect(result).toEqual({ ok: true, status: 200, message: expect.stringContaining("HTTP 200") });

    expect(receiver.received).toHaveLength(1);
    const [{ headers, rawBody, method, path }] = receiver.received;
    expect(method).toBe("POST");
    expect(path).toBe("/hooks/autocbot");
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.parse(rawBody)).toEqual(payload);
    const id = String(headers["webhook-id"]);
    const timestamp = String(headers["webhook-timestamp"]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  it("connects to the checked address, not to a second DNS answer", async () => {
    reset();
    // The system resolver has never heard of this name: delivery can only work through the pinned address.
    const resolve = vi.fn(async () => ["127.0.0.1"]);
    const result = await deliverWebhook(`http://pinned.invalid:${receiver.port}/x`, secret, { n: 1 }, {
      resolve,
      allowHosts: [`pinned.invalid:${receiver.port}`],
    });
    expect(result.ok).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(receiver.received[0].headers.host).toBe(`pinned.invalid:${receiver.port}`);
  });

  it("refuses a redirect hop to another local port or to the metadata service", async () => {
    for (const location of [
      `http://127.0.0.1:${other.port}/`,
      `https://127.0.0.1:${other.port}/`,
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      reset();
      receiver.setRedirect(location);
      const result = await deliverWebhook(receiver.url, secret, { n: 1 }, { allowHosts: allowReceiver() });
      expect(result.ok, location).toBe(false);
      expect(result.message).toMatch(/^The webhook redirected to an address that is not allowed: /);
      expect(receiver.received).toHaveLength(1);
      expect(other.received).toHaveLength(0);
    }
    expect(
      (await deliverWebhook(receiver.url, secret, {}, { allowHosts: allowReceiver() })).message,
    ).toMatch(/cloud metadata/);
  });

  it("follows a redirect to an allowed destination with the same signed message", async () => {
    reset();
    receiver.setRedirect(other.url);
    const result = await deliverWebhook(receiver.url, secret, { n: 2 }, {
      allowHosts: [...allowReceiver(), `127.0.0.1:${other.port}`],
    });
    expect(result.ok).toBe(true);
    expect(other.received).toHaveLength(1);
    expect(other.received[0].headers["webhook-signature"]).toBe(receiver.received[0].headers["webhook-signature"]);
  });

  it("stops after maxRedirects", async () => {
    reset();
    receiver.setRedirect(receiver.url);
    const result = await deliverWebhook(receiver.url, secret, {}, { allowHosts: allowReceiver(), maxRedirects: 2 });
    expect(result).toMatchObject({ ok: false, status: 307, message: "The webhook redirected more than 2 times." });
    expect(receiver.received).toHaveLength(3);
  });

  it("reports a non-2xx answer", async () => {
    reset();
    receiver.setStatus(500);
    const result = await deliverWebhook(receiver.url, secret, {}, { allowHosts: allowReceiver() });
    expect(result).toEqual({ ok: false, status: 500, message: `The webhook endpoint at 127.0.0.1:${receiver.port} answered HTTP 500.` });
  });

  it("times out, and reports a refused connection, without throwing", async () => {
    const slow = await deliverWebhook(`http://127.0.0.1:${silentPort}/`, secret, {}, {
      allowHosts: [`127.0.0.1:${silentPort}`],
      timeoutMs: 300,
    });
    expect(slow).toEqual({ ok: false, message: `The webhook endpoint at 127.0.0.1:${silentPort} did not answer within 0.3 s.` });

    const closed = await startWebhookReceiver();
    await closed.stop();
    const down = await deliverWebhook(closed.url, secret, {}, { allowHosts: [`127.0.0.1:${closed.port}`] });
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it("refuses before sending: private targets, plain http, bad URLs and bad secrets", async () => {
    reset();
    expect(await deliverWebhook(`http://127.0.0.1:${receiver.port}/`, secret, {}, { allowHosts: [] })).toEqual({
      ok: false,
      message: "The webhook address points to a loopback address (this server itself); webhooks can only reach public internet hosts.",
    });
    expect((await deliverWebhook("http://example.com/", secret, {}, { resolve: publicResolver, allowHosts: [] })).message).toBe(
      "Webhook URLs must start with https://.",
    );
    expect(await deliverWebhook("not a url", secret, {})).toEqual({ ok: false, message: "The webhook URL is not a valid URL." });
    expect((await deliverWebhook(receiver.url, "whsec_short", {}, { allowHosts: allowReceiver() })).message).toMatch(
      /signing secret is not valid/,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("never puts the URL's token or the secret in a message", async () => {
    const tokenPath = "/api/webhooks/123456/SuperSecretPathToken";
    const results = await Promise.all([
      deliverWebhook(`https://10.0.0.1${tokenPath}`, secret, {}, { allowHosts: [] }),
      deliverWebhook(`https://u:pw-Secret-99@hooks.example${tokenPath}`, secret, {}, {
        resolve: async () => ["192.168.0.10"],
        allowHosts: [],
      }),
      deliverWebhook(`https://hooks.example${tokenPath}`, secret, {}, {
        resolve: publicResolver,
        allowHosts: [],
        fetchImpl: async () => {
          throw new TypeError(`fetch failed for https://hooks.example${tokenPath} with ${secret}`);
        },
      }),
    ]);
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(result.message).not.toContain("SuperSecretPathToken");
      expect(result.message).not.toContain("pw-Secret-99");
      expect(result.message).not.toContain(secret.slice(6, 20));
    }
  });
});
