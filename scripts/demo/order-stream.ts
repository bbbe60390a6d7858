/**
 * A realistic stream of shoppers for the demo: a Vietnamese brand's catalogue (the demo import file)
 * bought from the US, the UK, the EU, Japan, Australia and Canada, one to three lines per order, on
 * the shop's Shopify store (half the orders), its Etsy shop or its TikTok Shop.
 */
import { seededRandom } from "../../app/lib/seeded-random";
import type { WarehouseImportFile } from "../../app/warehouses/import-file";
import type { ChannelName } from "../stack/storefronts";

const MARKETS: { country: string; weight: number; city: string; zip: string; province?: string }[] = [
  { country: "US", weight: 30, city: "San Jose", zip: "95112", province: "CA" },
  { country: "GB", weight: 14, city: "Manchester", zip: "M1 1AE" },
  { country: "DE", weight: 9, city: "Berlin", zip: "10115" },
  { country: "FR", weight: 6, city: "Lyon", zip: "69001" },
  { country: "NL", weight: 4, city: "Utrecht", zip: "3511" },
  { country: "JP", weight: 14, city: "Osaka", zip: "530-0001" },
  { country: "AU", weight: 13, city: "Melbourne", zip: "3000", province: "VIC" },
  { country: "CA", weight: 10, city: "Toronto", zip: "M5V 2T6", province: "ON" },
];
const CHANNEL_WEIGHTS: Record<ChannelName, number> = { shopify: 50, etsy: 25, tiktok: 25 };
const NAMES = ["Mai Tran", "Olivia Smith", "Lukas Weber", "Chloé Martin", "Yuki Tanaka", "Jack Wilson", "Emma Brown", "Noah Roy"];


export interface DemoOrder {
  channel: ChannelName;
  lines: { sku: string; quantity: number; price: string; title: string; weightGrams: number; hsCode: string | null; countryOfOrigin: string | null }[];
  shippingAddress: { countryCode: string; city: string; zip: string; provinceCode: string | null; name: string; address1: string };
}

export function orderStream(catalogue: WarehouseImportFile["products"], seed = 2026, channels: readonly ChannelName[] = ["shopify", "etsy", "tiktok"]): () => DemoOrder {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const totalWeight = MARKETS.reduce((n, m) => n + m.weight, 0);
  const channelWeight = channels.reduce((n, c) => n + CHANNEL_WEIGHTS[c], 0);
  return () => {
    let c = random() * channelWeight;
    const channel = channels.find((ch) => (c -= CHANNEL_WEIGHTS[ch]) < 0) ?? channels[0]!;
    let r = random() * totalWeight;
    const market = MARKETS.find((m) => (r -= m.weight) < 0) ?? MARKETS[0]!;
    const count = random() < 0.7 ? 1 : random() < 0.8 ? 2 : 3;
    const chosen = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const p = pick(catalogue);
      chosen.set(p.sku, (chosen.get(p.sku) ?? 0) + (random() < 0.85 ? 1 : 2));
    }
    return {
      channel,
      lines: [...chosen].map(([sku, quantity]) => {
        const p = catalogue.find((c) => c.sku === sku)!;
        return { sku, quantity, price: ((p.unitValue ?? 2000) / 100).toFixed(2), title: p.title ?? sku, weightGrams: p.weightGrams, hsCode: p.hsCode ?? null, countryOfOrigin: p.countryOfOrigin ?? null };
      }),
      shippingAddress: { countryCode: market.country, city: market.city, zip: market.zip, provinceCode: market.province ?? null, name: pick(NAMES), address1: `${Math.floor(random() * 900) + 1} Demo Street` },
    };
  };
}
