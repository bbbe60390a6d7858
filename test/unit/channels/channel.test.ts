import { describe, expect, it } from "vitest";
import { ChannelAuthError, headerValue } from "~/channels/channel";
import { isRetryable } from "~/lib/errors";
import { createEtsyChannel } from "~/channels/etsy";
import { createTiktokChannel } from "~/channels/tiktok";

describe("Channel interface", () => {
  it("reads the first value of a header node:http gave as an array", () => {
    expect(headerValue({ "webhook-id": ["a", "b"] }, "Webhook-Id")).toBe("a");
    expect(headerValue({}, "webhook-id")).toBeUndefined();
  });

  it("makes a lost connection non-retryable with a sentence telling the merchant to reconnect", () => {
    const error = new ChannelAuthError("tiktok", "refresh token revoked");
    expect(isRetryable(error)).toBe(false);
    expect(error.merchantMessage).toContain("TikTok Shop");
    expect(error.merchantMessage).toContain("Reconnect");
  });

  it("is implemented by Etsy and TikTok Shop under their channel ids", () => {
    const etsy = createEtsyChannel({ keystring: "k", sharedSecret: "s", webhookSigningSecret: "whsec_c2VjcmV0" });
    const tiktok = createTiktokChannel({ appKey: "k", appSecret: "s" });
    expect([etsy.id, tiktok.id]).toEqual(["etsy", "tiktok"]);
    for (const channel of [etsy, tiktok]) {
      expect(typeof channel.pollOrders).toBe("function");
      // an empty body with no headers is a refusal, never an exception
      expect(channel.verifyWebhook({}, Buffer.alloc(0), new Date()).ok).toBe(false);
    }
  });

  it("builds an Etsy consent URL with PKCE S256 and the bare keystring as client_id", () => {
    const etsy = createEtsyChannel({ keystring: "abc123", sharedSecret: "s", webhookSigningSecret: "whsec_c2VjcmV0" });
    const start = etsy.beginConnect({ redirectUri: "https://app.example/etsy/callback", state: "st8" });
    const url = new URL(start.url);
    expect(url.origin + url.pathname).toBe("https://www.etsy.com/oauth/connect");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: "abc123", code_challenge_method: "S256", state: "st8", response_type: "code" });
    expect(url.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["transactions_r", "transactions_w", "listings_w"]));
    expect(start.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });
});
