/**
 * Carriers that are designated postal operators. Routing lanes have no "post" mode, but posts have
 * their own thresholds (Canada's CAD 20 for mail) and lithium rules, so the carrier name decides.
 * Lower case; a merchant can pass their own list to the terms.
 */
export const DEFAULT_POSTAL_CARRIERS: readonly string[] = ["vnpost", "vietnam post", "ems", "usps", "royal mail", "japan post", "australia post", "auspost", "canada post"];
