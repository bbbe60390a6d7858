/**
 * `corridor secrets rotate`: re-seals every stored secret with the current key — channel
 * credentials and Shopify session tokens — and seals legacy plain ones. Idempotent (a value already
 * under the current key is left alone, so a second run changes nothing) and safe beside running
 * processes: each write is a compare-and-set on the value read, so a token refreshed meanwhile is
 * kept (it was sealed with the current key by that writer). Values no listed key opens are counted
 * and named, never overwritten. Connect attempts (PKCE verifiers) live ten minutes and are skipped:
 * keep an old key listed at least that long.
 */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { resealCredentials } from "../channels/connection-store.server";
import type { Database } from "../db/client.server";
import { channelConnections, sessionTable } from "../db/schema";
import { SESSION_TOKEN_AAD } from "../shops/sealed-session-storage.server";
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
  sessions: RotationCounts;
}

const BATCH = 200;
const counts = (): RotationCounts => ({ scanned: 0, resealed: 0, raced: 0, unreadable: [] });

export async function rotateSecrets(db: Database, box: SecretBox, onProgress: (table: string, progress: RotationCounts) => void = () => {}): Promise<RotationReport> {
  return { currentKid: box.currentKid, connections: await rotateConnections(db, box, onProgress), sessions: await rotateSessions(db, box, onProgress) };
}

async function rotateConnections(db: Database, box: SecretBox, onProgress: (table: string, progress: RotationCounts) => void): Promise<RotationCounts> {
  const c = counts();
  for (let after = 0; ; ) {
    const rows = await db.select({ id: channelConnections.id, credentials: channelConnections.credentials }).from(channelConnections).where(gt(channelConnections.id, after)).orderBy(asc(channelConnections.id)).limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      c.scanned += 1;
      let next;
      try {
        next = resealCredentials(box, row.credentials);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        c.unreadable.push(String(row.id));
        continue;
      }
      if (!next.changed) continue;
      const written = await db
        .update(channelConnections)
        .set({ credentials: next.next })
        .where(and(eq(channelConnections.id, row.id), sql`${channelConnections.credentials} = ${JSON.stringify(row.credentials)}::jsonb`))
        .returning({ id: channelConnections.id });
      c[written.length ? "resealed" : "raced"] += 1;
    }
    after = rows[rows.length - 1]!.id;
    onProgress("channel_connections", c);
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
