/**
 * A thin HTTP front for the Shopify sandbox that loses answers on purpose: after
 * `loseNextAnswer(operationName)` the next such request still runs in the sandbox, but the app gets
 * a 502 instead of the answer, the way a timeout after Shopify succeeded looks. Everything else is
 * passed through byte for byte; the sandbox itself answers every read.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { testConfig } from "../../../../helpers/config";
import type { ShopifySandbox } from "../../../../sandboxes/shopify";
import { startFlowWorld } from "../fulfillment/harness";

export async function startSandboxProxy(sandbox: ShopifySandbox) {
  const lose = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const name = /\b(?:query|mutation)\s+(\w+)/.exec(raw.toString("utf8"))?.[1] ?? "";
      const upstream = await fetch(`${sandbox.url}${req.url}`, {
        method: req.method,
        headers: { "content-type": "application/json", "x-shopify-access-token": String(req.headers["x-shopify-access-token"] ?? "") },
        body: req.method === "GET" || req.method === "HEAD" ? undefined : raw,
      });
      const text = await upstream.text();
      if (lose.delete(name)) return void res.writeHead(502).end("Bad Gateway");
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(text);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loseNextAnswer: (operationName: string) => void lose.add(operationName),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export type SandboxProxy = Awaited<ReturnType<typeof startSandboxProxy>>;

/** A flow world whose app reaches the Shopify sandbox through this proxy. */
export async function startProxiedFlowWorld() {
  const flow = await startFlowWorld();
  const proxy = await startSandboxProxy(flow.sandbox);
  flow.ctx.config = testConfig(flow.world, { SHOPIFY_ADMIN_API_ORIGIN: proxy.url });
  return {
    flow,
    proxy,
    async close() {
      await proxy.close();
      await flow.close();
    },
  };
}
