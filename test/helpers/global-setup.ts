/**
 * Once per integration run: create a template database migrated to the current schema. Every test
 * file clones it (CREATE DATABASE … TEMPLATE …), which takes milliseconds, and the run drops all
 * of its databases at the end.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../app/db/migrate.server";
import { dbUrl, TEST_PG_ADMIN_URL } from "./services";

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const template = `corridor_tpl_${runId}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${template}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`Integration tests need Postgres at ${TEST_PG_ADMIN_URL} (set TEST_DATABASE_URL): ${String(error)}`, { cause: error });
  }
  await migrateDatabase(dbUrl(template));
  project.provide("corridorTemplateDb", template);
  project.provide("corridorRunId", runId);

  return async () => {
    const dbs = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`corridor_%${runId}%`}`;
    for (const { datname } of dbs) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    corridorTemplateDb: string;
    corridorRunId: string;
  }
}
