/**
 * A stand-in for Corridor's POST /webhooks/warehouses/sandbox in connector tests: keeps each
 * delivery's exact raw bytes and headers, and answers whatever status the test chooses.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

export async function startReceiver(answer: (delivery: Received, index: number) => number = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const delivery = { headers: req.headers, raw: Buffer.concat(chunks) };
      const status = answer(delivery, received.length);
      received.push(delivery);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/warehouses/sandbox`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
