/**
 * Polaris's AppProvider wired to Remix links, plus the App Bridge script when embedded: the same
 * thing as `AppProvider` from @shopify/shopify-app-remix/react, which the classic Remix compiler
 * cannot bundle (its esbuild 0.17 rejects that module's `import … with { type: "json" }`).
 */
import { Link, useNavigate } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, type AppProviderProps } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import { forwardRef, useEffect, type ReactNode } from "react";

export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

const RemixPolarisLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(({ url, external, children, className, target, download }, ref) => (
  <Link to={url} ref={ref} className={className} target={external ? "_blank" : target} download={download} rel={external ? "noopener noreferrer" : undefined}>
    {children}
  </Link>
));
RemixPolarisLink.displayName = "RemixPolarisLink";

export function AppProvider({
  apiKey,
  isEmbeddedApp,
  i18n,
  children,
}: {
  apiKey: string;
  isEmbeddedApp: boolean;
  i18n: AppProviderProps["i18n"];
  children: ReactNode;
}) {
  const navigate = useNavigate();
  useEffect(() => {
    // App Bridge announces admin navigation (NavMenu clicks) as a DOM event; route it through Remix.
    const onNavigate = (event: Event) => {
      const href = (event.target as Element | null)?.getAttribute("href");
      if (href) navigate(href);
    };
    addEventListener("shopify:navigate", onNavigate);
    return () => removeEventListener("shopify:navigate", onNavigate);
  }, [navigate]);
  return (
    <>
      {isEmbeddedApp && <script src={APP_BRIDGE_URL} data-api-key={apiKey} />}
      <PolarisAppProvider linkComponent={RemixPolarisLink} i18n={i18n}>
        {children}
      </PolarisAppProvider>
    </>
  );
}
