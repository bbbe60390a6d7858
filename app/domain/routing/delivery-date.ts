/**
 * Cut-offs and delivery dates. A warehouse hands today's orders to the carrier if they arrive
 * before its daily cut-off in its own time zone; later ones go out the next day. Dates are the
 * warehouse's local calendar dates, because that is the calendar its carrier's transit days count in.
 */
import type { DeliveryEstimate } from "./types";

const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;

/**
 * Per zone: its formatter and offsets by 15-minute UTC bucket (every real offset change falls on
 * such a boundary). Intl formatting costs microseconds and every decision asks for every candidate,
 * so the last answer per zone is kept aside: consecutive orders almost always share the bucket.
 */
interface ZoneCache {
  fmt: Intl.DateTimeFormat;
  lastBucket: number;
  lastOffset: number;
  byBucket: Map<number, number>;
}
const zones = new Map<string, ZoneCache>();
const MAX_BUCKETS_PER_ZONE = 10_000;

/** Minutes to add to UTC to get local time in `timeZone` at `epochMs`; throws RangeError on a bad zone. */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  let z = zones.get(timeZone);
  if (!z) {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    });
    z = { fmt, lastBucket: NaN, lastOffset: 0, byBucket: new Map() };
    zones.set(timeZone, z);
  }
  const bucket = Math.floor(epochMs / BUCKET_MS);
  if (bucket === z.lastBucket) return z.lastOffset;
  let offset = z.byBucket.get(bucket);
  if (offset === undefined) {
    const start = bucket * BUCKET_MS;
    const p: Record<string, number> = {};
    for (const part of z.fmt.formatToParts(new Date(start))) if (part.type !== "literal") p[part.type] = Number(part.value);
    offset = Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - start) / 60_000);
    if (z.byBucket.size >= MAX_BUCKETS_PER_ZONE) z.byBucket.clear();
    z.byBucket.set(bucket, offset);
  }
  z.lastBucket = bucket;
  z.lastOffset = offset;
  return offset;
}

const cutoffs = new Map<string, number | undefined>();

/** "14:00" → 840, or undefined when malformed. */
export function parseCutoff(hhmm: string): number | undefined {
  if (cutoffs.has(hhmm)) return cutoffs.get(hhmm);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
  if (cutoffs.size < 10_000) cutoffs.set(hhmm, minutes);
  return minutes;
}

/** When the warehouse can hand a parcel over, as a local day number (days since 1970-01-01). */
export interface Handover {
  localDay: number;
  afterCutoff: boolean;
}

export function handoverAt(nowMs: number, cutoffMinutes: number, timeZone: string): Handover {
  const local = nowMs + zoneOffsetMinutes(timeZone, nowMs) * 60_000;
  const today = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - today * DAY_MS) / 60_000);
  const afterCutoff = minuteOfDay >= cutoffMinutes;
  return { localDay: afterCutoff ? today + 1 : today, afterCutoff };
}

const isoDays = new Map<number, string>();
export function isoDay(day: number): string {
  let s = isoDays.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size >= 100_000) isoDays.clear();
    isoDays.set(day, s);
  }
  return s;
}

export function estimateDelivery(h: Handover, transitDaysMin: number, transitDaysMax: number): DeliveryEstimate {
  return {
    handoverDate: isoDay(h.localDay),
    afterCutoff: h.afterCutoff,
    earliestDate: isoDay(h.localDay + transitDaysMin),
    latestDate: isoDay(h.localDay + transitDaysMax),
    days: (h.afterCutoff ? 1 : 0) + transitDaysMax,
  };
}
