import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isDemoModeEnabled } from "../auth/demo-session.server";

/** The app URL: Shopify admin opens it with ?shop=…&host=…; keep those params on the way in. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop") || isDemoModeEnabled()) throw redirect(`/app${url.search}`);
  throw redirect("/auth/login");
};
