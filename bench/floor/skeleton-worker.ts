/**
 * The floor's worker: per delivery, the least a handler can do — claim and finish its row in one
 * statement (reading the stored bytes back), parse them, and make the platform API calls the delivery
 * stands for (each a JSON POST over undici, as Corridor's clients make them). No transaction of
 * effects, no locks, no logging: a lower bound, not a design.
 */
import { Worker } from "bullmq";
import { FLOOR_QUEUE, floorEnv, floorRedis, floorSql, healthOnly } from "./shared";

const env = floorEnv();
const sink = process.env.FLOOR_SINK_URL!;
const sql = floorSql(env.databaseUrl);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);

new Worker<{ id: number }>(
  FLOOR_QUEUE,
  async (job) => {
    const [row] = await sql<{ raw_body: string }[]>`
      UPDATE floor_inbox SET status = 'processed', processed_at = now()
      WHERE id = ${job.data.id} AND status = 'pending' RETURNING raw_body`;
    if (!row) return;
    const { calls, id } = JSON.parse(row.raw_body) as { calls: number; id: number };
    for (let i = 0; i < calls; i++) {
      const r = await fetch(sink, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "mutation Floor($id: ID!) { floor(id: $id) { id } }", variables: { id: `gid://floor/${id}/${i}` } }) });
      await r.arrayBuffer();
    }
  },
  { connection: floorRedis(env.redisUrl), prefix: env.prefix, concurrency },
);
healthOnly(env.port);
