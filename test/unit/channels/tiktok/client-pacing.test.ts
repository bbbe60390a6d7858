/**
 * TikTok calls of one shop are spaced at the client's rate. Stock sync runs as background work and
 * takes at most half the slots, so an order's detail fetch does not queue behind a burst of
 * inventory updates.
 */
import { describe, expect, it } from "vitest";
import { inBackground } from "~/channels/call-priority";
import { TiktokClient } from "~/channels/tiktok/client";

function recordingClient(perSecond: number) {
  const calls: string[] = [];
  const client = new TiktokClient({
    appKey: "key",
    appSecret: "secret",
    apiOrigin: "http://tiktok.invalid",
    authOrigin: "http://auth.invalid",
    maxRequestsPerSecond: perSecond,
    fetch: async (url) => {
      calls.push(new URL(String(url)).pathname);
      return new Response(JSON.stringify({ code: 0, message: "Success", data: {} }), { status: 200 });
    },
  });
  const call = (path: string) => client.call({ method: "GET", path, accessToken: "token", shopCipher: "cipher" });
  return { calls, call };
}

describe("TikTok client pacing", () => {
  it("lets order calls past a queued burst of stock pushes", async () => {
    const { calls, call } = recordingClient(50); // 20 ms apart; background 40 ms apart
    const stock = Array.from({ length: 8 }, (_, i) => inBackground(() => call(`/stock/${i}`)));
    const orders = [call("/order/1"), call("/order/2")];
    await Promise.all([...stock, ...orders]);
    // Without the background lane the two order calls would be the 9th and 10th.
    expect(calls.indexOf("/order/2")).toBeLessThan(calls.indexOf("/stock/4"));
    expect(calls.filter((c) => c.startsWith("/stock/")).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `/stock/${i}`));
  });

  it("spaces calls of one shop without a background lane when nothing runs in background", async () => {
    const { calls, call } = recordingClient(50);
    await Promise.all(Array.from({ length: 4 }, (_, i) => call(`/order/${i}`)));
    expect(calls).toEqual(["/order/0", "/order/1", "/order/2", "/order/3"]);
  });
});
