/**
 * The web process's one database handle, created on first use from the validated config, so
 * importing a route module (e.g. during `remix build`) opens no connection.
 */
import { getConfig } from "../config.server";
import { createDb, type Database, type DbHandle } from "./client.server";

let handle: DbHandle | undefined;

export function getDbHandle(): DbHandle {
  handle ??= createDb(getConfig().DATABASE_URL);
  return handle;
}

export const getDb = (): Database => getDbHandle().db;

/** Closes the pool (graceful shutdown, end of a test). The next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const current = handle;
  handle = undefined;
  await current?.close();
}
