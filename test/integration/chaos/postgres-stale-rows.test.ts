/**
 * Finding 25 of docs/RELIABILITY.md: postgres.js 3.4.9 resets its row counter only when a result
 * completes. A query that failed after some rows (an error mid-result, or a backend terminated by a
 * Postgres restart while it streamed) left the counter up, and the next query on that connection,
 * after a reconnect too, got its rows shifted behind empty slots: `const [row] = await …` read
 * undefined. A chaos run lost an order to it (a dispatch read "no such allocation" and stopped).
 * patches/postgres+3.4.9.patch resets the counter, the result and any error when a query cycle
 * ends and when the connection closes. One connection (max 1), so the next query reuses it.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

describe("the Postgres driver after a query that failed part-way through its rows", () => {
  it("gives the next query on the same connection its own rows from the first slot", async () => {
    const sql = postgres(world.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      // GIVEN a query that sends two rows, then fails on the third
      await expect(sql`select 1000 / x as y from (values (1), (2), (0)) v(x)`).rejects.toThrow(/division by zero/);
      // WHEN the next query runs on that connection
      const rows = await sql<{ x: number }[]>`select 1 as x`;
      // THEN its one row is row 0
      expect(rows.length).toBe(1);
      expect(rows[0]).toEqual({ x: 1 });
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  it("gives the first query after a reconnect its own rows and no error of the dead backend", async () => {
    const sql = postgres(world.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      // GIVEN a backend terminated while it streams a result (as a Postgres restart does)
      await expect(sql`select g, case when g = 3 then pg_terminate_backend(pg_backend_pid()) end from generate_series(1, 5) g`).rejects.toMatchObject({});
      // WHEN the connection reconnects for the next query
      const rows = await sql<{ x: number }[]>`select 1 as x`;
      // THEN that query succeeds with its one row at row 0
      expect(rows.length).toBe(1);
      expect(rows[0]).toEqual({ x: 1 });
      expect(await sql`select 2 as x`).toEqual([{ x: 2 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
