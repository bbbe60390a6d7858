/**
 * Cut-offs and delivery dates. A warehouse hands today's orders to the carrier if they arrive
 * before its daily cut-off in its own time zone; later ones go out the next day. Dates are the
 * warehouse's local calendar dates, because that is the calendar its carrier's transit days count in.
 */
import type { DeliveryEstimate } from "./types";

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and 15-minute UTC bucket: every real offset change falls on such a boundary. */
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 50_000;

/** Minutes to add to UTC to get local time in `timeZone` at `epochMs`; throws RangeError on a bad zone. */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const key = `${timeZone}|${Math.floor(epochMs / 900_000)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    });
    formatters.set(timeZone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(epochMs))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  const offset = Math.round((asUtc - (epochMs - (epochMs % 60_000))) / 60_000);
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** "14:00" → 840, or undefined when malformed. */
export function parseCutoff(hhmm: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
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

export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function estimateDelivery(h: Handover, transitDaysMin: number, transitDaysMax: number): DeliveryEstimate {
  return {
    handoverDate: isoDay(h.localDay),
    afterCutoff: h.afterCutoff,
    earliestDate: isoDay(h.localDay + transitDaysMin),
    latestDate: isoDay(h.localDay + transitDaysMax),
    days: (h.afterCutoff ? 1 : 0) + transitDaysMax,
  };
}
