/**
 * The floor's intake: what any intake on the fixed stack must do per delivery, and nothing else —
 * read the body, check its HMAC, commit it to Postgres, enqueue a BullMQ job (coalesced into addBulk,
 * as Corridor does), answer 200. No tenancy, topic routing, logging or metrics.
 */
import { createServer } from "node:http";
import { Queue } from "bullmq";
import { isValidShopifyHmac } from "../../app/channels/shopify/verify-webhook";
import { batchedAdder } from "../../app/queues/batched-add";
import { DEFAULT_JOB_OPTIONS } from "../../app/queues/queues.server";
import { FLOOR_QUEUE, floorEnv, floorRedis, floorSql } from "./shared";

const env = floorEnv();
const secret = process.env.FLOOR_SECRET!;
const sql = floorSql(env.databaseUrl);
const enqueue = batchedAdder(new Queue(FLOOR_QUEUE, { connection: floorRedis(env.redisUrl), prefix: env.prefix }));

createServer((req, res) => {
  if (req.url === "/healthz") return void res.end("ok");
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    // Shopify's scheme (base64 HMAC-SHA256 of the raw body, compared in constant time), through Corridor's own check.
    if (!isValidShopifyHmac([secret], body, req.headers["x-floor-hmac-sha256"] as string | undefined)) return void ((res.statusCode = 401), res.end());
    const headers = { topic: req.headers["x-floor-topic"], delivery: req.headers["x-floor-delivery-id"], hmac: req.headers["x-floor-hmac-sha256"] };
    sql<{ id: string }[]>`
      INSERT INTO floor_inbox (delivery_id, topic, headers, raw_body)
      VALUES (${String(headers.delivery)}, ${String(headers.topic)}, ${sql.json(headers)}, ${body.toString("utf8")})
      ON CONFLICT (delivery_id) DO NOTHING RETURNING id`
      .then(([row]) => row && enqueue({ id: Number(row.id) }, { ...DEFAULT_JOB_OPTIONS, jobId: `i${row.id}` }))
      .then(
        () => res.end("ok"),
        () => ((res.statusCode = 503), res.end()),
      );
  });
}).listen(env.port, "127.0.0.1");
