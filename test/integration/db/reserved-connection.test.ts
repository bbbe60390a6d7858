/**
 * Advisory-lock holders reserve a connection and then work through the same pool. Unbounded, enough
 * of them at once take every connection and each waits for one more: a deadlock with every connection
 * idle. withReservedConnection reserves at most half the pool.
 */
import { sql as q } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db/client.server";
import { withReservedConnection } from "../../../app/db/reserved-connection.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

const within = <T>(ms: number, work: Promise<T>) => Promise.race([work.then(() => "finished" as const), new Promise<"stuck">((r) => setTimeout(() => r("stuck"), ms))]);

describe("reserved connections for advisory locks", () => {
  it("GIVEN a pool of 4 WHEN 4 holders reserve a connection each and then query through the pool THEN they deadlock (the hazard)", async () => {
    const handle = createDb(world.databaseUrl, { max: 4 });
    try {
      const holders = Array.from({ length: 4 }, async () => {
        const reserved = await handle.sql.reserve();
        try {
          await new Promise((r) => setTimeout(r, 100)); // every holder has its connection before any queries
          await handle.db.execute(q`SELECT 1`);
        } finally {
          reserved.release();
        }
      });
      expect(await within(2_000, Promise.all(holders))).toBe("stuck");
    } finally {
      await handle.sql.end({ timeout: 0 });
    }
  });

  it("GIVEN a pool of 4 WHEN 8 holders use withReservedConnection and query through the pool THEN every one finishes", async () => {
    const handle = createDb(world.databaseUrl, { max: 4 });
    try {
      let inside = 0;
      let most = 0;
      const holders = Array.from({ length: 8 }, () =>
        withReservedConnection(handle.db, async (reserved) => {
          most = Math.max(most, ++inside);
          await reserved`SELECT pg_advisory_lock(42, ${inside})`;
          await new Promise((r) => setTimeout(r, 100));
          await handle.db.execute(q`SELECT 1`);
          inside--;
          await reserved`SELECT pg_advisory_unlock_all()`;
        }),
      );
      expect(await within(5_000, Promise.all(holders))).toBe("finished");
      expect(most).toBe(2);
    } finally {
      await handle.sql.end({ timeout: 1 });
    }
  });
});
