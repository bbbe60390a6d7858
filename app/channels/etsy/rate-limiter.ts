/**
 * Etsy allows N queries per second and M per rolling day, per app key and per OAuth token
 * (contract §A.3). We pace to the per-second limit locally and let Etsy's own headers
 * (x-limit-per-second, x-remaining-this-second, x-remaining-today) correct our view, because
 * other workers share the same key and only Etsy sees all of them.
 */
import { PartnerThrottledError } from "../../lib/errors";
import { BACKGROUND_SHARE, isBackground } from "../call-priority";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** When the daily budget is spent we do not know which 2-hour bucket frees up first; retry later. */
export const DAILY_EXHAUSTED_RETRY_MS = 15 * 60_000;

export class EtsyRateLimiter {
  private perSecond: number;
  private windowStart = 0;
  private usedInWindow = 0;
  private remainingToday: number | null = null;
  private blockedUntil = 0;

  constructor(private readonly clock: Clock = realClock, perSecond = 10) {
    this.perSecond = perSecond;
  }

  /** Waits for a slot in the current second (background work: in its share of it); throws when the day's budget is gone. */
  async acquire(): Promise<void> {
    const background = isBackground();
    for (;;) {
      const now = this.clock.now();
      if (this.remainingToday !== null && this.remainingToday <= 0 && now < this.blockedUntil) {
        throw new PartnerThrottledError("etsy daily quota exhausted", this.blockedUntil - now);
      }
      if (now < this.blockedUntil) {
        await this.clock.sleep(this.blockedUntil - now);
        continue;
      }
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.usedInWindow = 0;
      }
      const slots = background ? Math.max(1, Math.floor(this.perSecond * BACKGROUND_SHARE)) : this.perSecond;
      if (this.usedInWindow < slots) {
        this.usedInWindow++;
        if (this.remainingToday !== null) this.remainingToday--;
        return;
      }
      await this.clock.sleep(this.windowStart + 1000 - now);
    }
  }

  /** Reads Etsy's rate-limit headers from a successful response. */
  observe(headers: Headers): void {
    const limit = Number(headers.get("x-limit-per-second"));
    if (Number.isInteger(limit) && limit > 0) this.perSecond = limit;
    const remainingSecond = headers.get("x-remaining-this-second");
    if (remainingSecond !== null && Number.isFinite(Number(remainingSecond))) {
      this.usedInWindow = Math.max(this.usedInWindow, this.perSecond - Number(remainingSecond));
    }
    const remainingToday = headers.get("x-remaining-today");
    if (remainingToday !== null && Number.isFinite(Number(remainingToday))) {
      this.remainingToday = Number(remainingToday);
      if (this.remainingToday <= 0) this.blockedUntil = this.clock.now() + DAILY_EXHAUSTED_RETRY_MS;
    }
  }

  /** Etsy answered 429: hold every caller of this limiter for `retryAfterMs`. */
  throttled(retryAfterMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + retryAfterMs);
  }
}
