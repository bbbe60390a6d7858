/**
 * Which fulfillment order lines a shipment fulfils: each shipped order line (LineItem GID) is
 * matched to the open FulfillmentOrderLineItems of the same LineItem, never more than what
 * remains on them. Pure. Matching by LineItem id, not SKU: an order may list one SKU twice.
 */
export interface OpenFulfillmentOrder {
  id: string;
  lines: ReadonlyArray<{ id: string; lineItemId: string; remainingQuantity: number }>;
}

export interface FulfillmentLinePlan {
  /** fulfillmentCreate's lineItemsByFulfillmentOrder. */
  groups: Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }>;
  /** Units Shopify has no open line for: shipped elsewhere, or removed from the order. */
  missing: Array<{ lineItemId: string; quantity: number }>;
}

export function planFulfillmentLines(wanted: ReadonlyArray<{ lineItemId: string; quantity: number }>, fos: readonly OpenFulfillmentOrder[]): FulfillmentLinePlan {
  const need = new Map<string, number>();
  for (const w of wanted) need.set(w.lineItemId, (need.get(w.lineItemId) ?? 0) + w.quantity);
  const groups: FulfillmentLinePlan["groups"] = [];
  for (const fo of fos) {
    const lines: Array<{ id: string; quantity: number }> = [];
    for (const line of fo.lines) {
      const left = need.get(line.lineItemId) ?? 0;
      const take = Math.min(left, line.remainingQuantity);
      if (take <= 0) continue;
      need.set(line.lineItemId, left - take);
      lines.push({ id: line.id, quantity: take });
    }
    if (lines.length) groups.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: lines });
  }
  return { groups, missing: [...need].filter(([, n]) => n > 0).map(([lineItemId, quantity]) => ({ lineItemId, quantity })) };
}
