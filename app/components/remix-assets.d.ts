// The classic Remix compiler turns a CSS import into the URL of the emitted file
// (`import href from "@shopify/polaris/build/esm/styles.css"` → "/build/_assets/styles-HASH.css").
declare module "*.css" {
  const href: string;
  export default href;
}
