/**
 * The one place channel_connections.credentials are turned into what a Channel uses and back.
 * Secret fields (names ending in Token, Secret or Password: accessToken, refreshToken, …) are
 * sealed with the SecretBox; the rest (shop id, shop cipher, Shopify location ids, expiry times)
 * stay plain jsonb so SQL and the stock sync can read them. Callers get plain values, never
 * envelopes; a legacy row with plain secrets still reads and is sealed by `corridor secrets rotate`.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { channelConnections } from "../db/schema";
import { CorridorError } from "../lib/errors";
import { sealedFields, type SecretBox } from "../lib/secret-box.server";
import type { ConnectedAccount } from "./channel";

type StoredCredentials = Record<string, unknown>;

const credentialFields = sealedFields("channel_connections.credentials");

/** Plain credentials → what is stored: secret string fields sealed. */
export const sealCredentials = (box: SecretBox, plain: object): StoredCredentials => credentialFields.seal(box, plain);

/** What is stored → plain credentials. Throws SecretUnreadableError for an unknown key or a tampered value. */
export const openCredentials = <Credentials>(box: SecretBox, stored: StoredCredentials): Credentials => credentialFields.open<Credentials>(box, stored);

/** Re-seals with the current key whatever is plain or sealed with an older key; `changed` false when nothing was. */
export const resealCredentials = (box: SecretBox, stored: StoredCredentials) => credentialFields.reseal(box, stored);

/** A stored row with its credentials opened. */
export function openConnection<Row extends { credentials: StoredCredentials }, Credentials = Record<string, unknown>>(box: SecretBox, row: Row): Omit<Row, "credentials"> & { credentials: Credentials } {
  return { ...row, credentials: openCredentials<Credentials>(box, row.credentials) };
}

/**
 * Writes refreshed credentials if the row still holds `previous` (as read, sealed): a compare-and-set,
 * because Etsy and TikTok rotate refresh tokens and a lost write loses the connection.
 */
export async function replaceCredentials(db: Database | Transaction, box: SecretBox, connectionId: number, previous: StoredCredentials, next: object): Promise<boolean> {
  const written = await db
    .update(channelConnections)
    .set({ credentials: sealCredentials(box, next) })
    .where(and(eq(channelConnections.id, connectionId), sql`${channelConnections.credentials} = ${JSON.stringify(previous)}::jsonb`))
    .returning({ id: channelConnections.id });
  return written.length === 1;
}

/** The platform account already belongs to another Corridor shop: refuse rather than move it. */
export class AccountOwnedElsewhereError extends CorridorError {
  constructor(channel: string, externalAccountId: string) {
    super("CHANNEL_ACCOUNT_TAKEN", `${channel} account ${externalAccountId} is connected to another Corridor shop`, {
      merchantMessage: "This account is already connected to another Corridor store. Disconnect it there first.",
    });
  }
}

/**
 * Saves what completeConnect returned: one connected row per platform account, credentials sealed,
 * status reason cleared. A reconnect of the same account updates its row (orders keep pointing at it).
 */
export async function saveConnectedAccounts(db: Database, box: SecretBox, shopId: number, channel: "etsy" | "tiktok", accounts: readonly ConnectedAccount<object>[], now: Date): Promise<number[]> {
  return db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const account of accounts) {
      const credentials = sealCredentials(box, account.credentials);
      const [row] = await tx
        .insert(channelConnections)
        .values({ shopId, channel, externalAccountId: account.externalAccountId, status: "connected", credentials, statusChangedAt: now })
        .onConflictDoUpdate({
          target: [channelConnections.channel, channelConnections.externalAccountId],
          set: { status: "connected", credentials, statusReason: null, statusChangedAt: now },
          // Only the shop that owns the account may reconnect it.
          setWhere: eq(channelConnections.shopId, shopId),
        })
        .returning({ id: channelConnections.id });
      if (!row) throw new AccountOwnedElsewhereError(channel, account.externalAccountId);
      ids.push(row.id);
    }
    return ids;
  });
}

/**
 * Flags a connection for the merchant to reconnect, with the reason shown beside the button.
 * Only a connected row changes (a disconnected one stays disconnected); true when it changed.
 */
export async function flagNeedsReauth(db: Database | Transaction, connectionId: number, reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(channelConnections)
    .set({ status: "needs_reauth", statusReason: reason.slice(0, 500), statusChangedAt: now })
    .where(and(eq(channelConnections.id, connectionId), eq(channelConnections.status, "connected")))
    .returning({ id: channelConnections.id });
  return rows.length === 1;
}
