import { defineConfig } from "drizzle-kit";

// Generation only (npm run db:generate): it diffs app/db/schema.ts against drizzle/ and needs no database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.ts",
  out: "./drizzle",
});
