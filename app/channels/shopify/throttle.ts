/**
 * Client-side estimate of Shopify's per-app-per-shop leaky bucket (contract §5). Every response's
 * `extensions.cost.throttleStatus` resets the estimate; between responses it refills at
 * `restoreRate` points/s. Before a request we wait until the estimate holds its expected cost, so
 * a steady stream of calls is paced to the restore rate instead of hitting THROTTLED and backing off.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Until the first response tells us the plan, assume the smallest documented bucket. */
const UNKNOWN_PLAN: ThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 };

export class ShopBucket {
  private status: ThrottleStatus = { ...UNKNOWN_PLAN };
  private observedAt: number;
  /** Points promised to requests in flight, so concurrent callers do not all spend the same estimate. */
  private reserved = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.observedAt = now();
  }

  get restoreRate(): number {
    return this.status.restoreRate;
  }

  get maximumAvailable(): number {
    return this.status.maximumAvailable;
  }

  /** Points we believe are available now, net of in-flight reservations. */
  available(): number {
    const elapsedS = (this.now() - this.observedAt) / 1000;
    const refilled = Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + elapsedS * this.status.restoreRate);
    return refilled - this.reserved;
  }

  /** Milliseconds to wait before `cost` points are available (0 = go now). */
  waitMsFor(cost: number): number {
    const wanted = Math.min(cost, this.status.maximumAvailable);
    const missing = wanted - this.available();
    return missing <= 0 ? 0 : Math.ceil((missing / this.status.restoreRate) * 1000);
  }

  reserve(cost: number): () => void {
    this.reserved += cost;
    let released = false;
    return () => {
      if (!released) this.reserved -= cost;
      released = true;
    };
  }

  observe(status: ThrottleStatus): void {
    this.status = { ...status };
    this.observedAt = this.now();
  }
}

/** One bucket per shop for the whole process: Shopify's bucket is per app and shop, not per client. */
export class ThrottleRegistry {
  private readonly buckets = new Map<string, ShopBucket>();
  constructor(private readonly now: () => number = Date.now) {}
  forShop(shopDomain: string): ShopBucket {
    let bucket = this.buckets.get(shopDomain);
    if (!bucket) this.buckets.set(shopDomain, (bucket = new ShopBucket(this.now)));
    return bucket;
  }
}

export const defaultThrottleRegistry = new ThrottleRegistry();
