/**
 * One answer per fulfillment order at a time. Polls of one shop overlap (the ping, the webhook and
 * the schedule each queue one, in different coalescing windows, on different workers), and each
 * reads the same SUBMITTED fulfillment order: without this, both route it and both answer, and the
 * second answer is refused by Shopify after its routing already reserved stock.
 *
 * A Postgres advisory lock per fulfillment order (on a reserved connection, so a dying worker
 * releases it) is only ever tried: a poll that finds it taken skips that fulfillment order, since
 * the holder is answering it now (and its own job retries if that fails). Once the lock is held,
 * the stored row tells whether another poll answered it after this poll's listing was read; if so,
 * the listing is stale and nothing is done. A genuine new request (the merchant asks again after a
 * rejection) is listed after that answer, so it is still answered.
 */
import type { Database } from "../../../db/client.server";
import { pgClientOf, withReservedConnection } from "../../../db/reserved-connection.server";

export type OneAtATime<T> = { ran: true; value: T } | { ran: false; reason: string };

/** The database's clock now, as text: compared with fulfillment_orders.updated_at on the same clock. */
export async function databaseNow(db: Database): Promise<string> {
  const [row] = await pgClientOf(db)<{ now: string }[]>`SELECT now()::text AS now`;
  return row!.now;
}

export async function answerOneAtATime<T>(
  db: Database,
  fo: { shopId: number; id: string; requestStatus: string; listedAt: string },
  answer: () => Promise<T>,
): Promise<OneAtATime<T>> {
  return withReservedConnection(db, async (reserved) => {
    const key = `fulfillment-order:${fo.shopId}:${fo.id}`;
    const [lock] = await reserved<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS locked`;
    if (!lock?.locked) return { ran: false, reason: "another poll is answering it" };
    try {
      const [row] = await reserved<{ requestStatus: string; newer: boolean }[]>`
        SELECT request_status AS "requestStatus", updated_at > ${fo.listedAt}::timestamptz AS newer
        FROM fulfillment_orders WHERE shop_id = ${fo.shopId} AND external_id = ${fo.id}`;
      if (row?.newer && row.requestStatus !== fo.requestStatus) return { ran: false, reason: `answered (${row.requestStatus}) since this poll listed it` };
      return { ran: true, value: await answer() };
    } finally {
      await reserved`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`;
    }
  });
}
