/**
 * DEVELOPMENT ONLY: signs a plain browser in as the seeded demo shop, so the admin can be used and
 * tested outside Shopify admin. Answers 404 unless CORRIDOR_DEMO_MODE=1 and NODE_ENV≠production.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { DEMO_SHOP_DOMAIN, demoSignInCookie, isDemoModeEnabled } from "../auth/demo-session.server";
import { getDb } from "../db/db.server";
import { findShopByDomain } from "../db/queries/shop.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Only same-app relative paths, so the sign-in cannot be used as an open redirect. */
const safeNext = (next: string | null) => (next && next.startsWith("/app") && !next.startsWith("//") ? next : "/app");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!isDemoModeEnabled()) throw new Response("Not found", { status: 404 });
  const seeded = await findShopByDomain(getDb(), DEMO_SHOP_DOMAIN);
  return { shop: DEMO_SHOP_DOMAIN, seeded: !!seeded, next: safeNext(new URL(request.url).searchParams.get("next")), polarisTranslations };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (!isDemoModeEnabled()) throw new Response("Not found", { status: 404 });
  const seeded = await findShopByDomain(getDb(), DEMO_SHOP_DOMAIN);
  if (!seeded) throw new Response("The demo shop is not seeded; run the demo seed first.", { status: 409 });
  const next = safeNext(String((await request.formData()).get("next") ?? ""));
  throw redirect(next, { headers: { "Set-Cookie": await demoSignInCookie(DEMO_SHOP_DOMAIN) } });
};

export default function DemoSignIn() {
  const { shop, seeded, next, polarisTranslations: i18n } = useLoaderData<typeof loader>();
  return (
    <PolarisAppProvider i18n={i18n}>
      <Page narrowWidth title="Corridor demo">
        <Card>
          <BlockStack gap="300">
            <Banner tone="warning" title="Development only">
              This signs you in as {shop} without Shopify. It is disabled in production.
            </Banner>
            {seeded ? (
              <Form method="post">
                <input type="hidden" name="next" value={next} />
                <Button submit variant="primary">{`Sign in as ${shop}`}</Button>
              </Form>
            ) : (
              <Text as="p" tone="critical">The demo shop is not seeded yet. Run `npm run demo` (it seeds it) and reload.</Text>
            )}
          </BlockStack>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
