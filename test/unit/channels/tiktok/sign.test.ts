import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signRequest, signWebhook } from "~/channels/tiktok/sign";

/**
 * Vectors from contract §B.2, each digest recomputed here by hand from the written rule
 * (wrap = secret + path + sorted key+value + body + secret; hex HMAC-SHA256 keyed by secret),
 * never through our own signing code.
 */
const hmacHex = (key: string, msg: string) => createHmac("sha256", key).update(msg, "utf8").digest("hex");

describe("TikTok Shop request signing", () => {
  it("reproduces TikTok's published GET example (Get Authorized Shops)", () => {
    // GIVEN the official example
    const secret = "e59af819cc";
    const published = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";
    // THEN the by-hand computation matches the published digest …
    expect(hmacHex(secret, "e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc")).toBe(published);
    // … and so does our signer, with the query given unsorted
    expect(signRequest(secret, { path: "/authorization/202309/shops", query: { timestamp: "1623812664", app_key: "29a39d" } })).toBe(published);
  });

  it("signs a JSON body's exact bytes after the sorted query (contract worked example 2)", () => {
    const secret = "e59af819cc";
    const body = '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}';
    const inner = `/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKtimestamp1696909648${body}`;
    const byHand = hmacHex(secret, `${secret}${inner}${secret}`);
    expect(byHand).toBe("cd0d6268252f4ba293bf7ea4c0a2873bf9beec600d22530638564ab301435f7a");
    expect(
      signRequest(secret, {
        path: "/event/202309/webhooks",
        query: { timestamp: "1696909648", shop_cipher: "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK", app_key: "68xu9ks5p4i8" },
        body,
        contentType: "application/json",
      }),
    ).toBe(byHand);
  });

  it("leaves sign and access_token out of the signed query", () => {
    const withExtras = signRequest("s3cr3t", { path: "/p", query: { app_key: "k", timestamp: "1700000000", sign: "old", access_token: "tok" } });
    expect(withExtras).toBe(hmacHex("s3cr3t", "s3cr3t/papp_keyktimestamp1700000000s3cr3t"));
  });

  it("does not sign a multipart body", () => {
    const signed = signRequest("s", { path: "/product/202309/images/upload", query: { app_key: "k", timestamp: "1" }, body: "--boundary…", contentType: "multipart/form-data; boundary=x" });
    expect(signed).toBe(hmacHex("s", "s/product/202309/images/uploadapp_keyktimestamp1s"));
  });
});

describe("TikTok Shop webhook signing", () => {
  it("is hex HMAC-SHA256 keyed by app_secret over app_key + raw body — not the request scheme", () => {
    const body = '{"type":1,"tts_notification_id":"7327","shop_id":"7494","timestamp":1700000000,"data":{"order_id":"5768"}}';
    const byHand = hmacHex("appsecret", `appkey${body}`);
    expect(signWebhook("appkey", "appsecret", Buffer.from(body))).toBe(byHand);
    expect(byHand).not.toBe(hmacHex("appsecret", `appsecret${body}appsecret`));
  });
});
