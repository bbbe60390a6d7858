/**
 * The real build config (classic Remix compiler): `npx remix build` writes the server build to
 * build/index.js and browser assets to public/build/, which app/server.ts serves through
 * @remix-run/express. ESM server output, because the package is `"type": "module"`.
 *
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  appDirectory: "app",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Only route modules live in app/routes; helpers beside them (schemas, server-only commands,
  // tests) are colocated and must not become URLs.
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.ts", "**/schema.ts"],
  // Packages shipped as ESM-only or importing CSS/JSON must go through the bundler for the server.
  serverDependenciesToBundle: [/^@shopify\/polaris/, /^@shopify\/app-bridge-react/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
    v3_routeConfig: false,
  },
};
