/** The products list's filters; shared by the server query and the page's tabs (so not in a .server file). */
export const SKU_FILTERS = ["missing_hs", "missing_origin", "dangerous"] as const;
export type SkuFilter = (typeof SKU_FILTERS)[number];
