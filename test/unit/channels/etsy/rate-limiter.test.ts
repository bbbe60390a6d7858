import { describe, expect, it } from "vitest";
import { etsyErrorFrom } from "~/channels/etsy/errors";
import { inBackground } from "~/channels/call-priority";
import { EtsyRateLimiter, type Clock } from "~/channels/etsy/rate-limiter";
import { ChannelAuthError } from "~/channels/channel";
import { PartnerThrottledError } from "~/lib/errors";

/** A clock that only moves when someone sleeps: waits are observable without real time passing. */
function manualClock(start = 1_000_000): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } };
}

const headers = (h: Record<string, string>) => new Headers(h);

describe("Etsy rate limiter", () => {
  it("lets the per-second limit through at once and makes the next call wait for the next second", async () => {
    const clock = manualClock();
    const limiter = new EtsyRateLimiter(clock, 3);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.slept).toEqual([]);
    await limiter.acquire();
    expect(clock.slept).toEqual([1000]);
  });

  it("gives background work (stock sync) half of each second, and order calls the rest at once", async () => {
    const clock = manualClock();
    const limiter = new EtsyRateLimiter(clock, 10);
    await inBackground(async () => {
      for (let i = 0; i < 5; i++) await limiter.acquire();
    });
    expect(clock.slept).toEqual([]);
    // A sixth background call waits for the next second, though half of this one is unused...
    await inBackground(() => limiter.acquire());
    expect(clock.slept).toEqual([1000]);
    // ...which order calls can take without waiting.
    for (let i = 0; i < 9; i++) await limiter.acquire();
    expect(clock.slept).toEqual([1000]);
  });

  it("adopts Etsy's x-limit-per-second and counts calls other workers made (x-remaining-this-second)", async () => {
    const clock = manualClock();
    const limiter = new EtsyRateLimiter(clock, 10);
    await limiter.acquire();
    limiter.observe(headers({ "x-limit-per-second": "5", "x-remaining-this-second": "0", "x-remaining-today": "100" }));
    await limiter.acquire();
    expect(clock.slept).toEqual([1000]);
  });

  it("refuses with PartnerThrottledError once x-remaining-today reaches zero", async () => {
    const limiter = new EtsyRateLimiter(manualClock(), 10);
    await limiter.acquire();
    limiter.observe(headers({ "x-remaining-today": "0" }));
    await expect(limiter.acquire()).rejects.toBeInstanceOf(PartnerThrottledError);
  });

  it("holds callers for the back-off after a 429", async () => {
    const clock = manualClock();
    const limiter = new EtsyRateLimiter(clock, 10);
    limiter.throttled(2500);
    await limiter.acquire();
    expect(clock.slept).toEqual([2500]);
  });
});

describe("Etsy error mapping", () => {
  it("maps 429 to PartnerThrottledError, honouring retry-after when present", () => {
    const withHeader = etsyErrorFrom(429, { error: "quota" }, headers({ "retry-after": "3" }));
    expect(withHeader).toBeInstanceOf(PartnerThrottledError);
    expect((withHeader as PartnerThrottledError).retryAfterMs).toBe(3000);
    expect((etsyErrorFrom(429, null, headers({})) as PartnerThrottledError).retryAfterMs).toBe(1000);
  });

  it("maps an expired token or a revoked refresh token to a non-retryable reconnect error", () => {
    const expired = etsyErrorFrom(401, { error: "invalid_token", error_description: "access token is expired" }, headers({}));
    const revoked = etsyErrorFrom(400, { error: "invalid_grant", error_description: "refresh_token is revoked" }, headers({}));
    for (const e of [expired, revoked]) {
      expect(e).toBeInstanceOf(ChannelAuthError);
      expect(e.retryable).toBe(false);
    }
  });

  it("keeps Etsy's message, retries 5xx and not 4xx", () => {
    const forbidden = etsyErrorFrom(403, { error: "Shared secret is required in x-api-key header." }, headers({}));
    expect(forbidden.message).toContain("Shared secret is required");
    expect(forbidden.retryable).toBe(false);
    expect(etsyErrorFrom(503, { error: "down" }, headers({})).retryable).toBe(true);
  });
});
