/**
 * `corridor secrets rotate`: re-seals every stored secret with the current key — channel
 * credentials, warehouse partner keys and Shopify session tokens — and seals legacy plain ones.
 * Idempotent (a value already under the current key is left alone, so a second run changes nothing) and safe beside running
 * processes: each write is a compare-and-set on the value read, so a token refreshed meanwhile is
 * kept (it was sealed with the current key by that writer). Values no listed key opens are counted
 * and named, never overwritten. Connect attempts (PKCE verifiers) live ten minutes and are skipped:
 * keep an old key listed at least that long.
 */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { resealCredentials } from "../channels/connection-store.server";
import type { Database } from "../db/client.server";
import { channelConnections, sessionTable, warehouses } from "../db/schema";
import { SESSION_TOKEN_AAD } from "../shops/sealed-session-storage.server";
import { resealConnectorConfig } from "../warehouses/connector-config.server";
import { SecretUnreadableError, type SecretBox } from "./secret-box.server";

export interface RotationCounts {
  scanned: number;
  resealed: number;
  /** Changed by someone else between our read and write (already under the current key). */
  raced: number;
  /** Row ids whose secrets no listed key opens. */
  unreadable: string[];
}

export interface RotationReport {
  currentKid: string;
  connections: RotationCounts;
  warehouses: RotationCounts;
  sessions: RotationCounts;
}

const BATCH = 200;
const counts = (): RotationCounts => ({ scanned: 0, resealed: 0, raced: 0, unreadable: [] });

export async function rotateSecrets(db: Database, box: SecretBox, onProgress: (table: string, progress: RotationCounts) => void = () => {}): Promise<RotationReport> {
  return {
    currentKid: box.currentKid,
    connections: await rotateJsonb(db, box, CONNECTIONS, onProgress),
    warehouses: await rotateJsonb(db, box, WAREHOUSES, onProgress),
    sessions: await rotateSessions(db, box, onProgress),
  };
}

/** A jsonb column whose secret fields are sealed one by one (channel credentials, warehouse connector settings). */
interface SealedJsonb {
  name: string;
  table: typeof channelConnections | typeof warehouses;
  id: typeof channelConnections.id | typeof warehouses.id;
  column: typeof channelConnections.credentials | typeof warehouses.connectorConfig;
  /** The column's property name in the schema, for the update. */
  field: "credentials" | "connectorConfig";
  reseal(box: SecretBox, stored: Record<string, unknown>): { next: Record<string, unknown>; changed: boolean };
}

const CONNECTIONS: SealedJsonb = { name: "channel_connections", table: channelConnections, id: channelConnections.id, column: channelConnections.credentials, field: "credentials", reseal: resealCredentials };
const WAREHOUSES: SealedJsonb = { name: "warehouses", table: warehouses, id: warehouses.id, column: warehouses.connectorConfig, field: "connectorConfig", reseal: resealConnectorConfig };

async function rotateJsonb(db: Database, box: SecretBox, t: SealedJsonb, onProgress: (table: string, progress: RotationCounts) => void): Promise<RotationCounts> {
  const c = counts();
  for (let after = 0; ; ) {
    const rows: { id: number; stored: Record<string, unknown> }[] = await db.select({ id: t.id, stored: t.column }).from(t.table).where(gt(t.id, after)).orderBy(asc(t.id)).limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      c.scanned += 1;
      let next;
      try {
        next = t.reseal(box, row.stored);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        c.unreadable.push(String(row.id));
        continue;
      }
      if (!next.changed) continue;
      const written = await db
        .update(t.table)
        .set({ [t.field]: next.next })
        .where(and(eq(t.id, row.id), sql`${t.column} = ${JSON.stringify(row.stored)}::jsonb`))
        .returning({ id: t.id });
      c[written.length ? "resealed" : "raced"] += 1;
    }
    after = rows[rows.length - 1]!.id;
    onProgress(t.name, c);
  }
  return c;
}

async function rotateSessions(db: Database, box: SecretBox, onProgress: (table: string, progress: RotationCounts) => void): Promise<RotationCounts> {
  const c = counts();
  const reseal = (value: string | null, aad: string) => (value === null || value === "" || box.isCurrent(value) ? value : box.sealText(box.openText(value, aad), aad));
  for (let after = ""; ; ) {
    const rows = await db
      .select({ id: sessionTable.id, accessToken: sessionTable.accessToken, refreshToken: sessionTable.refreshToken })
      .from(sessionTable)
      .where(gt(sessionTable.id, after))
      .orderBy(asc(sessionTable.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      c.scanned += 1;
      let accessToken, refreshToken;
      try {
        accessToken = reseal(row.accessToken, SESSION_TOKEN_AAD.accessToken)!;
        refreshToken = reseal(row.refreshToken, SESSION_TOKEN_AAD.refreshToken);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        c.unreadable.push(row.id);
        continue;
      }
      if (accessToken === row.accessToken && refreshToken === row.refreshToken) continue;
      const written = await db
        .update(sessionTable)
        .set({ accessToken, refreshToken })
        .where(
          and(
            eq(sessionTable.id, row.id),
            eq(sessionTable.accessToken, row.accessToken),
            row.refreshToken === null ? isNull(sessionTable.refreshToken) : eq(sessionTable.refreshToken, row.refreshToken),
          ),
        )
        .returning({ id: sessionTable.id });
      c[written.length ? "resealed" : "raced"] += 1;
    }
    after = rows[rows.length - 1]!.id;
    onProgress("session", c);
  }
  return c;
}
