/**
 * Drizzle runs a query unprepared unless it is named, so Postgres parses and plans it on every call.
 * createDb({ prepare: true }) (the workers' handle) runs them as postgres.js prepared statements:
 * Postgres then holds each one on the connection (pg_prepared_statements), in and out of transactions.
 */
import { eq, sql as q } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database, type Transaction } from "../../../app/db/client.server";
import { shops } from "../../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

/** The statements this connection holds prepared that read `shops` by domain. */
async function preparedShopReads(db: Database | Transaction): Promise<string[]> {
  const rows = await db.execute<{ statement: string }>(q`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%from "shops" where "shops"."domain"%'`);
  return rows.map((r) => r.statement);
}

const readShop = (db: Database | Transaction, domain: string) => db.select({ id: shops.id }).from(shops).where(eq(shops.domain, domain));

describe("prepared statements (createDb prepare option)", () => {
  it("GIVEN the default handle WHEN a Drizzle query runs THEN Postgres holds no prepared statement for it (parsed and planned per call)", async () => {
    const { db, close } = createDb(world.databaseUrl, { max: 1 });
    try {
      await readShop(db, "a.myshopify.com");
      await db.transaction((tx) => readShop(tx, "b.myshopify.com"));
      expect(await preparedShopReads(db)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("GIVEN prepare: true WHEN the same query runs outside, inside a transaction and inside a savepoint THEN it is one prepared statement, reused", async () => {
    const { db, close } = createDb(world.databaseUrl, { max: 1, prepare: true });
    try {
      await readShop(db, "a.myshopify.com");
      const inTx = await db.transaction(async (tx) => {
        await readShop(tx, "b.myshopify.com");
        await tx.transaction((sp) => readShop(sp, "c.myshopify.com"));
        return preparedShopReads(tx);
      });
      expect(inTx).toHaveLength(1);
      expect(inTx[0]).toContain("$1");
      expect(await preparedShopReads(db)).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
