/**
 * The embedded app shell: authenticates once per request, picks the language, and wraps every page
 * in Polaris + App Bridge. Outside Shopify admin (demo mode) App Bridge is absent, so the shell
 * shows its own navigation instead of the admin's NavMenu.
 */
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, Button, InlineStack } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisVi from "@shopify/polaris/locales/vi.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { AppProvider } from "../components/app-provider";
import { boundary } from "@shopify/shopify-app-remix/server";
import { requireShop } from "../auth/require-shop.server";
import { getConfig } from "../config.server";
import { I18nProvider, useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, mode } = await requireShop(request);
  return {
    apiKey: getConfig().SHOPIFY_API_KEY,
    embedded: mode === "shopify",
    shopDomain: shop.domain,
    locale,
    polarisTranslations: locale === "vi" ? polarisVi : polarisEn,
  };
};

const NAV: { to: string; label: MessageKey }[] = [
  { to: "/app/orders", label: "nav.orders" },
  { to: "/app/exceptions", label: "nav.exceptions" },
  { to: "/app/warehouses", label: "nav.warehouses" },
  { to: "/app/inventory", label: "nav.inventory" },
  { to: "/app/products", label: "nav.products" },
  { to: "/app/channels", label: "nav.channels" },
  { to: "/app/settings", label: "nav.settings" },
];

function DemoNavigation({ shopDomain }: { shopDomain: string }) {
  const t = useT();
  const { pathname } = useLocation();
  const items = [{ to: "/app", label: "nav.home" as MessageKey }, ...NAV];
  return (
    <Box padding="400" paddingBlockEnd="0">
      <Banner tone="warning" title={t("demo.banner.title")}>
        {t("demo.banner.body", { shop: shopDomain })}
      </Banner>
      <Box paddingBlockStart="300">
        <nav aria-label={t("nav.label")}>
          <InlineStack gap="200">
            {items.map((item) => {
              const active = item.to === "/app" ? pathname === "/app" || pathname === "/app/" : pathname.startsWith(item.to);
              return (
                <Button key={item.to} url={item.to} variant={active ? "primary" : "tertiary"}>
                  {t(item.label)}
                </Button>
              );
            })}
          </InlineStack>
        </nav>
      </Box>
    </Box>
  );
}

function Shell({ embedded, shopDomain }: { embedded: boolean; shopDomain: string }) {
  const t = useT();
  return (
    <>
      {embedded ? (
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.home")}
          </Link>
          {NAV.map((item) => (
            <Link key={item.to} to={item.to}>
              {t(item.label)}
            </Link>
          ))}
        </NavMenu>
      ) : (
        <DemoNavigation shopDomain={shopDomain} />
      )}
      <Outlet />
    </>
  );
}

export default function App() {
  const { apiKey, embedded, locale, polarisTranslations, shopDomain } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey} i18n={polarisTranslations}>
      <I18nProvider locale={locale}>
        <Shell embedded={embedded} shopDomain={shopDomain} />
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
