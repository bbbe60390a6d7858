/**
 * Shopify sessions with their tokens sealed at rest. Wraps the Drizzle session storage so the
 * `session` table's accessToken and refreshToken columns hold SecretBox envelopes; everything the
 * Shopify libraries see is plain. Legacy rows with plain tokens still load (rotation seals them).
 */
import { Session } from "@shopify/shopify-api";
import { eq } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { sessionTable } from "../db/schema";
import type { SecretBox } from "../lib/secret-box.server";

/** AAD of each sealed session column: a token cannot be moved into the other column. */
export const SESSION_TOKEN_AAD = { accessToken: "session.accessToken", refreshToken: "session.refreshToken" } as const;

export const sealSessionToken = (box: SecretBox, token: string) => box.sealText(token, SESSION_TOKEN_AAD.accessToken);

function mapTokens(session: Session, map: (value: string, aad: string) => string): Session {
  const params = session.toObject();
  return new Session({
    ...params,
    ...(params.accessToken ? { accessToken: map(params.accessToken, SESSION_TOKEN_AAD.accessToken) } : {}),
    ...(params.refreshToken ? { refreshToken: map(params.refreshToken, SESSION_TOKEN_AAD.refreshToken) } : {}),
  });
}

/** The Shopify libraries' SessionStorage contract (structural: that package is not a direct dependency). */
export interface SessionStore {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

export class SealedSessionStorage implements SessionStore {
  constructor(
    private readonly inner: SessionStore,
    private readonly box: SecretBox,
  ) {}

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(mapTokens(session, (v, aad) => this.box.sealText(v, aad)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.inner.loadSession(id);
    return stored && mapTokens(stored, (v, aad) => this.box.openText(v, aad));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((s) => mapTokens(s, (v, aad) => this.box.openText(v, aad)));
  }
}

/** The offline session's id, as @shopify/shopify-app-remix and `corridor shops connect` store it. */
export const offlineSessionId = (shopDomain: string) => `offline_${shopDomain}`;

/** A session row's access token as stored (sealed), opened. */
export const openSessionToken = (box: SecretBox, sealed: string) => box.openText(sealed, SESSION_TOKEN_AAD.accessToken);

/** The shop's offline Admin API token, opened; undefined when the shop has none. */
export async function offlineAccessToken(db: Database | Transaction, box: SecretBox, shopDomain: string): Promise<string | undefined> {
  const [row] = await db.select({ accessToken: sessionTable.accessToken }).from(sessionTable).where(eq(sessionTable.id, offlineSessionId(shopDomain)));
  return row ? openSessionToken(box, row.accessToken) : undefined;
}
