/**
 * A landed-cost quote for a canonical order (the CLI's `customs quote`): the order's lines are filled
 * from the shop's catalogue where they lack customs data, the seller's registrations come from the
 * shop's settings, and nothing is stored.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { shops } from "../db/schema";
import { CustomsDataError } from "../domain/customs/customs-error";
import type { LandedCostQuote } from "../domain/customs/landed-cost-types";
import { quoteLandedCost } from "../domain/customs/quote-landed-cost";
import type { CanonicalOrder } from "../domain/order";
import { customsFxRates, sellerFromSettings } from "../routing/cost-terms.server";
import { catalogueOf, withCatalogue } from "../routing/route-and-reserve.server";

export interface QuoteOrderOptions {
  /** ISO day; default the day the order was placed (the rules in force at the sale). */
  date?: string;
  incoterm?: "DDP" | "DAP";
  /** Country the parcel leaves from; default VN, the origin warehouse. */
  shipFrom?: string;
}

export async function quoteOrder(db: Database, order: CanonicalOrder, opts: QuoteOrderOptions = {}): Promise<LandedCostQuote> {
  const [shop] = await db.select({ id: shops.id, settings: shops.settings }).from(shops).where(eq(shops.domain, order.shopDomain));
  const skuList = [...new Set(order.lines.map((l) => l.sku))];
  const enriched = shop ? withCatalogue(order, await db.transaction((tx) => catalogueOf(tx, shop.id, skuList))) : order;
  const missing = enriched.lines.find((l) => !l.hsCode);
  if (missing) {
    throw new CustomsDataError("INVALID_QUOTE_INPUT", `${missing.sku} has no HS code`, `${missing.sku} has no HS code: add it to the product (or the order line) and quote again.`);
  }
  return quoteLandedCost({
    destination: { country: enriched.shipTo.countryCode, ...(enriched.shipTo.provinceCode ? { region: enriched.shipTo.provinceCode } : {}) },
    date: opts.date ?? enriched.placedAt.slice(0, 10),
    incoterm: opts.incoterm ?? "DAP",
    lines: enriched.lines.map((l) => ({
      lineId: l.externalLineId, sku: l.sku, hsCode: l.hsCode!, quantity: l.quantity,
      // Without a stated origin, goods shipped by a Vietnam-origin merchant are taken as made in VN, as routing does.
      origin: l.countryOfOrigin ?? "VN", unitValue: l.unitPrice, currency: l.currency,
    })),
    shipping: { amount: enriched.shippingCharged ?? 0, currency: enriched.currency },
    shipFrom: opts.shipFrom ?? "VN",
    seller: sellerFromSettings(shop?.settings),
    fx: customsFxRates(),
  });
}
