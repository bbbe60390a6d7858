/**
 * One customs document of one shipment, as a PDF download (a resource route: no UI). Scoped to the
 * signed-in shop and to the order in the URL: another shop's shipment answers 404 like a missing one.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireShop } from "../auth/require-shop.server";
import { renderAllocationDocument, type DocumentKind } from "../customs/allocation-documents.server";
import { CustomsDataError } from "../domain/customs/customs-error";

/** URL segment → document kind (kebab-case in URLs, as in the PDF file names; the order page links them). */
const SEGMENT: Record<string, DocumentKind> = { "commercial-invoice": "commercial_invoice", "packing-list": "packing_list", cn23: "cn23" };
const KIND = z.string().refine((k) => Object.hasOwn(SEGMENT, k)).transform((k) => SEGMENT[k]!);
const Id = z.coerce.number().int().positive().safe();

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const orderId = Id.safeParse(params.id);
  const allocationId = Id.safeParse(params.allocationId);
  const kind = KIND.safeParse(params.kind);
  if (!orderId.success || !allocationId.success || !kind.success) throw new Response("Not found", { status: 404 });
  let doc;
  try {
    doc = await renderAllocationDocument(db, allocationId.data, kind.data, { shopId: shop.id, orderId: orderId.data });
  } catch (error) {
    // Data customs would reject: the merchant's sentence says what to fix.
    if (error instanceof CustomsDataError) return new Response(error.merchantMessage ?? error.message, { status: 422, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  if (!doc) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(doc.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${doc.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
