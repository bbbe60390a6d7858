// Flat config: ESLint's and typescript-eslint's recommended rules (syntax-only, so lint stays fast).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "public/build/", "artifacts/", ".data/", "app/types/*.d.ts", "extensions/*/dist/", "drizzle/meta/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", Response: "readonly", Request: "readonly", Headers: "readonly", AbortController: "readonly", AbortSignal: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", structuredClone: "readonly", performance: "readonly", crypto: "readonly", document: "readonly", window: "readonly", navigator: "readonly", FormData: "readonly", Blob: "readonly", global: "readonly", queueMicrotask: "readonly", setImmediate: "readonly", NodeJS: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
);
