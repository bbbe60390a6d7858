/**
 * Carriers: which one fits a lane, its exact Shopify tracking company name, its tracking number
 * format and tracking URL. Pure, no I/O: the sandbox 3PL uses it to ship like a real warehouse,
 * and the tracking push uses it to name carriers the way Shopify expects.
 *
 * Shopify names come from contracts/shopify.md §3.7 (capitalisation matters; a name outside
 * Shopify's list gets no generated link, so such carriers have `shopifyCompany: null` and we always
 * send the URL). Vietnam Post is not on the list.
 */
import type { CountryCode } from "~/domain/order";
import type { CarrierRef } from "./warehouse";

export type CarrierCode =
  | "usps"
  | "royal-mail"
  | "japan-post"
  | "australia-post"
  | "canada-post"
  | "colissimo"
  | "vietnam-post"
  | "dhl-ecommerce"
  | "dhl-ecommerce-asia"
  | "dhl-express"
  | "yunexpress";

/** Service level of a lane: economy (postal consolidator), standard, express (courier). */
export type ServiceLevel = "economy" | "standard" | "express";

interface CarrierSpec {
  name: string;
  shopifyCompany: string | null;
  /** Anchored pattern every number this carrier issues matches. */
  pattern: RegExp;
  url: (trackingNumber: string) => string;
}

const enc = encodeURIComponent;

export const CARRIERS: Readonly<Record<CarrierCode, CarrierSpec>> = {
  usps: {
    name: "USPS",
    shopifyCompany: "USPS",
    // IMpb: 22 digits, "9400 1" = USPS Tracking service type, mod-10 check digit last.
    pattern: /^9400\d{18}$/,
    url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${enc(n)}`,
  },
  "royal-mail": {
    name: "Royal Mail",
    shopifyCompany: "Royal Mail",
    pattern: /^[A-Z]{2}\d{9}GB$/,
    url: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${enc(n)}`,
  },
  "japan-post": {
    name: "Japan Post",
    // Shopify lists only "Japan Post (EN)" / "(JA)"; EN links to the English tracking page.
    shopifyCompany: "Japan Post (EN)",
    // Domestic Yu-Pack: 12 digits; international (EMS etc.): UPU S10 ending in JP.
    pattern: /^(\d{12}|[A-Z]{2}\d{9}JP)$/,
    url: (n) => `https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=${enc(n)}&locale=en`,
  },
  "australia-post": {
    name: "Australia Post",
    shopifyCompany: "Australia Post",
    // Domestic eParcel consignment ("33" + 3-letter merchant code + 7 digits); international S10.
    pattern: /^(33[A-Z]{3}\d{7}|[A-Z]{2}\d{9}AU)$/,
    url: (n) => `https://auspost.com.au/mypost/track/details/${enc(n)}`,
  },
  "canada-post": {
    name: "Canada Post",
    shopifyCompany: "Canada Post",
    pattern: /^\d{16}$/,
    url: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${enc(n)}`,
  },
  colissimo: {
    name: "Colissimo",
    shopifyCompany: "Colissimo",
    pattern: /^6A\d{11}$/,
    url: (n) => `https://www.laposte.fr/outils/suivre-vos-envois?code=${enc(n)}`,
  },
  "vietnam-post": {
    name: "Vietnam Post",
    // Not on Shopify's list (contracts/shopify.md §3.7): always send the URL.
    shopifyCompany: null,
    pattern: /^[A-Z]{2}\d{9}VN$/,
    url: (n) => `https://vnpost.vn/en/tra-cuu-hanh-trinh/buu-pham?key=${enc(n)}`,
  },
  "dhl-ecommerce": {
    name: "DHL eCommerce",
    shopifyCompany: "DHL eCommerce",
    // US DHL eCommerce (ex Global Mail): "GM" + 18 digits.
    pattern: /^GM\d{18}$/,
    url: (n) => `https://webtrack.dhlecs.com/orders?trackingNumber=${enc(n)}`,
  },
  "dhl-ecommerce-asia": {
    name: "DHL eCommerce Asia",
    // Distinct from "DHL eCommerce" on Shopify's list: the Asian network that collects in Vietnam.
    shopifyCompany: "DHL eCommerce Asia",
    // Pickup-account prefix (country + 3-letter site) + 12 digits.
    pattern: /^[A-Z]{5}\d{12}$/,
    url: (n) => `https://ecommerceportal.dhl.com/track/?ref=${enc(n)}`,
  },
  "dhl-express": {
    name: "DHL Express",
    shopifyCompany: "DHL Express",
    // 10-digit air waybill, last digit = first nine mod 7.
    pattern: /^\d{10}$/,
    url: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${enc(n)}`,
  },
  yunexpress: {
    name: "YunExpress",
    shopifyCompany: "YunExpress",
    pattern: /^YT\d{16}$/,
    url: (n) => `https://www.yuntrack.com/parcelTracking?id=${enc(n)}`,
  },
};

/** National posts for domestic parcels, by country. */
const DOMESTIC: Readonly<Partial<Record<CountryCode, CarrierCode>>> = {
  US: "usps",
  GB: "royal-mail",
  JP: "japan-post",
  AU: "australia-post",
  CA: "canada-post",
  FR: "colissimo",
  VN: "vietnam-post",
};

/** Posts that also carry international tracked mail from their own country (UPU S10 numbers). */
const POSTAL_EXPORT: Readonly<Partial<Record<CountryCode, CarrierCode>>> = {
  GB: "royal-mail",
  JP: "japan-post",
  AU: "australia-post",
};

/** Destinations YunExpress's economy lines serve from Asia (its main markets). */
const YUNEXPRESS_DESTINATIONS = new Set<CountryCode>([
  "US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "AT", "IE", "PL", "SE", "DK", "CA", "AU", "NZ", "JP",
]);
const ASIA_ORIGINS = new Set<CountryCode>(["VN", "CN", "HK", "TH", "MY", "ID", "PH", "SG", "KH"]);

export interface LaneInput {
  origin: CountryCode;
  destination: CountryCode;
  /** Defaults to "standard"; routing's "express" mode maps to "express". */
  service?: ServiceLevel;
}

export interface CarrierChoice extends CarrierRef {
  code: CarrierCode;
  /** Why this carrier fits, for logs and the routing explanation. */
  reason: string;
}

const choice = (code: CarrierCode, reason: string): CarrierChoice => ({
  code,
  name: CARRIERS[code].name,
  shopifyCompany: CARRIERS[code].shopifyCompany,
  reason,
});

/**
 * The carrier a warehouse in `origin` would hand a parcel for `destination` to. Domestic parcels go
 * with the national post; cross-border ones from Asia with YunExpress (economy) or DHL eCommerce
 * Asia (standard); from the US with DHL eCommerce; from GB/JP/AU with their post's international
 * service; express anywhere cross-border with DHL Express.
 */
export function chooseCarrier(lane: LaneInput): CarrierChoice {
  const origin = lane.origin.toUpperCase();
  const destination = lane.destination.toUpperCase();
  const service = lane.service ?? "standard";
  if (origin === destination) {
    const domestic = DOMESTIC[destination];
    if (domestic) return choice(domestic, `domestic ${destination}: national post`);
    return choice("dhl-express", `domestic ${destination}: no national post configured, courier`);
  }
  if (service === "express") return choice("dhl-express", `cross-border ${origin}→${destination} express: courier`);
  if (ASIA_ORIGINS.has(origin)) {
    if (service === "economy" && YUNEXPRESS_DESTINATIONS.has(destination)) {
      return choice("yunexpress", `cross-border ${origin}→${destination} economy: YunExpress line`);
    }
    return choice("dhl-ecommerce-asia", `cross-border ${origin}→${destination}: DHL eCommerce Asia`);
  }
  if (origin === "US") return choice("dhl-ecommerce", `cross-border US→${destination}: DHL eCommerce international`);
  const post = POSTAL_EXPORT[origin];
  if (post) return choice(post, `cross-border ${origin}→${destination}: ${CARRIERS[post].name} international tracked`);
  return choice("dhl-express", `cross-border ${origin}→${destination}: no postal export configured, courier`);
}

/** True when the parcel crosses a border (customs events in tracking). */
export const isCrossBorder = (lane: LaneInput): boolean => lane.origin.toUpperCase() !== lane.destination.toUpperCase();

export const trackingUrl = (code: CarrierCode, trackingNumber: string): string => CARRIERS[code].url(trackingNumber);

export const isCarrierCode = (code: string): code is CarrierCode => Object.hasOwn(CARRIERS, code);

// ---------------------------------------------------------------------------------------------
// Tracking numbers

/** UPU S10 check digit over 8 serial digits (weights 8 6 4 2 3 5 9 7; 10 → 0, 11 → 5). */
export function s10CheckDigit(serial8: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial8].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** Mod-10 check digit of USPS IMpb / GS1: weights 3,1,3,… from the rightmost digit. */
export function mod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

const digitsFrom = (seed: bigint, length: number): string => (seed % 10n ** BigInt(length)).toString().padStart(length, "0");

const s10 = (service: string, seed: bigint, country: string): string => {
  const serial = digitsFrom(seed, 8);
  return `${service}${serial}${s10CheckDigit(serial)}${country}`;
};

/** Deterministic 64-bit-ish number from any seed string (FNV-1a), so a sandbox is reproducible. */
export function seedOf(input: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

/**
 * A tracking number in the carrier's real format (with real check digits where the format has one),
 * derived from `seed` so the same parcel always gets the same number. `origin` picks the prefix
 * for networks that encode the collecting site.
 */
export function makeTrackingNumber(code: CarrierCode, seed: string, lane?: LaneInput): string {
  const n = seedOf(seed);
  const crossBorder = lane ? isCrossBorder(lane) : false;
  switch (code) {
    case "usps": {
      const body = `94001${digitsFrom(n, 16)}`;
      return `${body}${mod10CheckDigit(body)}`;
    }
    case "royal-mail":
      return s10(crossBorder ? "LX" : "TT", n, "GB");
    case "japan-post":
      return crossBorder ? s10("EJ", n, "JP") : digitsFrom(n, 12);
    case "australia-post":
      return crossBorder ? s10("LX", n, "AU") : `33COR${digitsFrom(n, 7)}`;
    case "canada-post":
      return digitsFrom(n, 16);
    case "colissimo":
      return `6A${digitsFrom(n, 11)}`;
    case "vietnam-post":
      return s10(crossBorder ? "EE" : "RR", n, "VN");
    case "dhl-ecommerce":
      return `GM${digitsFrom(n, 18)}`;
    case "dhl-ecommerce-asia":
      return `${(lane?.origin ?? "VN").toUpperCase().slice(0, 2)}SGN${digitsFrom(n, 12)}`;
    case "dhl-express": {
      const nine = digitsFrom(n, 9);
      return `${nine}${Number(nine) % 7}`;
    }
    case "yunexpress":
      return `YT${digitsFrom(n, 16)}`;
  }
}

/** True when `trackingNumber` has the carrier's format and, where it has one, a valid check digit. */
export function isValidTrackingNumber(code: CarrierCode, trackingNumber: string): boolean {
  if (!CARRIERS[code].pattern.test(trackingNumber)) return false;
  if (code === "usps") return mod10CheckDigit(trackingNumber.slice(0, 21)) === Number(trackingNumber[21]);
  if (code === "dhl-express") return Number(trackingNumber.slice(0, 9)) % 7 === Number(trackingNumber[9]);
  const upu = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(trackingNumber);
  if (upu) return s10CheckDigit(upu[1]!) === Number(upu[2]);
  return true;
}
