/** A small HTTP load generator for the benches: closed-loop (max throughput) and open-loop (fixed rate). */
import http from "node:http";
import { percentile } from "./harness";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function send(agent: http.Agent, port: number, r: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: r.path, headers: { ...r.headers, "content-length": r.body.length }, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end(r.body);
  });
}

export interface LoadResult {
  requests: number;
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** `connections` requests in flight at all times for `seconds`. */
export async function closedLoop(port: number, connections: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let ok = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const start = performance.now();
        const status = await send(agent, port, next());
        latencies.push(performance.now() - start);
        if (status === 200) ok++;
      }
    }),
  );
  agent.destroy();
  return { requests: latencies.length, ok, perSecond: ok / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** `rate` requests per second, sent on schedule whatever the server does, for `seconds`. */
export async function openLoop(port: number, rate: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let ok = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      send(agent, port, next()).then((status) => {
        // Latency from the scheduled send time: a server that falls behind pays for the queue it builds.
        latencies.push(performance.now() - due);
        if (status === 200) ok++;
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { requests: total, ok, perSecond: ok / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
