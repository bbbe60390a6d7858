/**
 * The shop's customs data as CSV text, fetched by the Products page (a fetcher, so inside Shopify
 * admin App Bridge adds the session token; a plain download link would carry none) and saved by the
 * browser as a file.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth/require-shop.server";
import { exportCustomsCsv } from "../skus/export-customs-csv.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  return { filename: `${shop.domain.split(".")[0]}-customs.csv`, ...(await exportCustomsCsv(db, shop.id)) };
};
