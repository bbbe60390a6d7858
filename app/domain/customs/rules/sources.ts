/**
 * Where each figure in the rule files comes from. Copied from /work/shared/contracts/cross-border.md §10
 * (rules as understood on 2026-11-24); ids are that document's, so a reviewer can follow one to the other.
 */
export interface Source {
  id: string;
  title: string;
  url: string;
  /** Publication date as the contract gives it ("n.d." when the page has none). */
  date: string;
}

const s = (id: string, title: string, url: string, date: string): Source => Object.freeze({ id, title, url, date });

export const SOURCES = Object.freeze({
  S1: s("S1", "Mallory Group, EO 14324 summary", "https://www.mallorygroup.com/executive-order-suspending-duty-free-de-minimis-treatment/", "2025"),
  S2: s("S2", "CBP notice implementing EO 14324 (FR 2025-16802)", "https://www.govinfo.gov/content/pkg/FR-2025-09-02/html/2025-16802.htm", "2025-09-02"),
  S4: s("S4", "Mondaq, Supreme Court invalidates IEEPA tariffs", "https://www.mondaq.com/unitedstates/international-trade-investment/1751020/united-states-supreme-court-invalidates-ieepa-tariffs", "2026-03-03"),
  S6: s("S6", "National Law Review, Return of tariffs: import surcharge", "https://natlawreview.com/article/return-tariffs-rise-import-surcharge", "2026-02-25"),
  S10: s("S10", "Alba Wheels Up, CBP interim final rules 91 FR 37789 / 37801", "https://albawheelsup.com/trade_news/cbp-makes-it-official-de-minimis-is-gone-for-good-and-a-new-postal-entry-process-is-on-the-way/", "2026-06/07"),
  S12: s("S12", "EY Vietnam, EO 14326 (VN 20%, transshipment 40%)", "https://www.ey.com/en_vn/technical/tax/tax-and-law-updates/customs-global-trade-alert-august-2025-update-on-the-united-states-additional-ad-valorem-import-tariff-modifications-for-vietnamese-goods", "2025-08"),
  S17: s("S17", "HTS Hub, HTSUS ch. 61 (6109.10.00 at 16.5%)", "https://htshub.com/us-hs/chapter/61-27", "2025"),
  S18: s("S18", "RegFollower, Council approves €3 duty", "https://regfollower.com/?p=78434", "2026-02"),
  S19: s("S19", "European Outdoor Group, Council final green light", "https://www.europeanoutdoorgroup.com/members-knowledge-hub/council-gives-final-green-light-to-new-customs-duty-rules-for-small-parcels", "2026-02"),
  S21: s("S21", "Air Cargo News, EU confirms €3 duty; handling fee separate", "https://www.aircargonews.net/supply-chains/european-union-confirms-new-custom-duty-on-e-commerce-packages/1081047.article", "2025-12"),
  S24: s("S24", "EuroToday, €3 duty; handling fee Nov 2026; Belgium €2", "https://eurotoday.org/starting-july-1-next-year-the-eu-will-impose-a-three-euro-customs-duty-on-e-commerce-orders/", "2025-12"),
  S30: s("S30", "Particle News, UK sets 2029 deadline; gifts under £39", "https://particle.news/story/uk-sets-2029-deadline-to-end-135-duty-free-parcel-rule", "2025-11"),
  S36: s("S36", "CBSA Customs Notice 20-18", "https://cbsa-asfc.gc.ca/publications/cn-ad/cn20-18-eng.html", "2020-05-02"),
  S45: s("S45", "UN383MCM, 66th edition IATA DGR changes", "https://www.un383mcm.com/blog/the-66th-edition-of-iata-dgr", "2024-2025"),
  S55: s("S55", "Brexit Legal (HMRC guidance text), £135 rules, LVCR removed", "https://brexitlegal.ie/vat-on-goods-b2c-uk/", "n.d."),
  S60: s("S60", "Caelites (ATO summary), GST on low value goods per consignment over A$1,000", "https://caelites.com/single-post/2018/05/02/gst-on-low-value-imported-goods", "2018-05-02"),
  S22: s("S22", "VATupdate (Crowe), €3 per item, 6-digit, IOSS", "https://www.vatupdate.com/2025/12/18/eu-to-impose-e3-fixed-customs-duty-on-small-parcels-under-e150-from-july-2026", "2025-12-18"),
  S23: s("S23", "1stopVAT, end of customs duty relief", "https://1stopvat.com/eu-reminder-for-e-commerce-vendors-end-of-customs-duty-relief-for-low-value-parcels/", "n.d."),
  S25: s("S25", "Spanish Tax Agency, IOSS guide", "https://sede.agenciatributaria.gob.es/Sede/en_gb/ayuda/manuales-videos-folletos/manuales-practicos/manual-importacion-exportacion-envios-escaso-valor/3-mecanismos-recaudacion-iva/3_1-regimen-ventanilla-unica-importaciones.html", "2021"),
  S27: s("S27", "Newcraft, EU VAT rates 2025/2026", "https://newcraft.dev/vat-rates-eu-countries", "2025-12"),
  S28: s("S28", "GOV.UK, Charging VAT on goods sold direct to customers in the UK", "https://gov.uk/guidance/charging-vat-on-goods-sold-direct-to-customers-in-the-uk", "n.d."),
  S29: s("S29", "Deloitte, Autumn Budget 2025: customs duty relief for low value imports", "https://taxscape.deloitte.com/measures-autumn-budget-2025/customs-duty-relief-for-low-value-imports.aspx", "2025-11-26"),
  S31: s("S31", "Japan Customs FAQ 1006, ¥10,000 exemption", "http://www.customs.go.jp/english/c-answer_e/imtsukan/1006_e.htm", "n.d."),
  S32: s("S32", "SK Advisory, Japan FY2026 reform: platform taxation", "https://skadvisory.jp/en/japan-platform-taxation", "2025-12"),
  S33: s("S33", "ATO, GST on low value imported goods", "https://www.ato.gov.au/Business/International-tax-for-business/GST-on-low-value-imported-goods/Information-for-transporters-and-customs-brokers/", "2018"),
  S34: s("S34", "Aussie Freight, customs value excludes intl T&I; GST base", "http://aussiefreight.com/personaleffects/customsvalue.htm", "n.d."),
  S35: s("S35", "CBSA, CUSMA low-value shipment thresholds", "https://cbsa-asfc.gc.ca/services/cusma-aceum/lvs-efv-eng.html", "n.d."),
  S44: s("S44", "ShipDangerousGoods, IATA SoC rules 2025/2026", "https://www.shipdangerousgoods.com/post/2025-new-iata-state-of-charge-rules-for-air-shipment-of-lithium-ion-batteries", "2025-08-15"),
  S46: s("S46", "Lithium batteries transport e-book, UN3481 PI 966 Section II", "http://lithium.batteriestransport.org/122/", "2023"),
  S47: s("S47", "DG-Packaging, UN3091 PI 970 Section II", "https://dg-packaging.nl/lithium-tool/un3091-pi970-ii", "n.d."),
  S48: s("S48", "UPU, Yes to lithium batteries", "https://upu.int/en/news/2011/1/yes-to-lithium-batteries", "2011-01"),
  S56: s("S56", "Omega Cargo / Willship, AU duty on FOB, GST on CIF + duty", "https://omegacargo.com.au/?p=406", "n.d."),
  S62: s("S62", "UW EH&S, IATA 2022 removal of PI 965/968 Section II", "https://ehs-web01.s.uw.edu/node/2854", "2022"),
  S63: s("S63", "Tradewin, CBP CSMS 67844987 on Section 122", "https://blog.tradewin.net/cbp-issues-csms-guidance-on-temporary-section-122-tariffs", "2026-02-25"),
  S66: s("S66", "Green Worldwide, Section 232 wood products unchanged through 2026", "https://www.greenworldwide.com/section-232-wood-products-tariffs-remain-unchanged-through-2026", "2026-01"),
  S68: s("S68", "Guam PDN, USPS items not allowed internationally", "https://www.guampdn.com/lifestyle/ayuda-line-what-is-not-allowed-to-be-mailed/article_4822510e-ab24-11ec-b614-a30163a16e6e.html", "2022-03-31"),
  S69: s("S69", "TaxTips.ca, sales tax rates 2026", "https://www.taxtips.ca/salestaxes/sales-tax-rates-2026.htm", "2026"),
  S70: s("S70", "Hunade, goods excluded from Japan's ¥10,000 exemption", "https://hunade.com/under-ichiman", "n.d."),
  S72: s("S72", "CBP ICP, deductions of freight from customs value", "https://dokumen.tips/documents/icp-proper-deductions-of-freight-and-other-costs-from-deductions-of-freight.html", "2000-03"),
  S73: s("S73", "PwC Ireland, valuation of goods (CIF to EU entry)", "http://www.pwc.com/ie/en/customs/valuation-of-goods.jhtml", "n.d."),
  S77: s("S77", "Japan Customs FAQ 1111, duty and consumption tax calculation", "https://www.customs.go.jp/english/c-answer_e/imtsukan/1111_e.htm", "n.d."),
  S79: s("S79", "USPS final rule, outbound international lithium batteries (77 FR 68069)", "https://www.govinfo.gov/content/pkg/FR-2012-11-15/html/2012-27842.htm", "2012-11-15"),
  /** No external source: a figure from general knowledge that the contract marks [unverified]. */
  NONE: s("NONE", "No source in cross-border.md: indicative figure from general knowledge", "docs/customs.md#indicative-rates", "n.d."),
});

export type SourceId = keyof typeof SOURCES;
