/**
 * `corridor <command>`: the operator CLI. Needs DATABASE_URL (and REDIS_URL for commands that enqueue),
 * validated by config.server.ts like every process.
 */
import { parseArgs } from "node:util";
import { COMMANDS } from "../app/cli/commands";
import { createOut, UsageError } from "../app/cli/output";
import { parseCliConfig } from "../app/config.server";
import { createDb, type DbHandle } from "../app/db/client.server";
import { createQueues, type Queues } from "../app/queues/queues.server";

/** Every `--name <value>` option any command takes. */
const VALUE_OPTIONS = ["shop", "status", "limit", "stage", "token", "credentials", "order", "warehouses", "out", "date", "admin-origin", "incoterm"];

function help(): string {
  return ["usage: corridor <command> [options]", "", ...Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`)].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: "boolean" },
      explain: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      // Value options must be declared, or a non-strict parse takes their values for positionals.
      ...Object.fromEntries(VALUE_OPTIONS.map((name) => [name, { type: "string" as const }])),
    },
  });
  const two = positionals.slice(0, 2).join(" ");
  const name = COMMANDS[two] ? two : positionals[0];
  const command = name ? COMMANDS[name] : undefined;
  if (!command || values.help) {
    process.stdout.write(`${help()}\n`);
    return command || values.help ? 0 : 2;
  }
  let cli: ReturnType<typeof parseCliConfig>;
  try {
    cli = parseCliConfig(process.env);
  } catch (error) {
    process.stderr.write(`corridor: ${(error as Error).message}. See .env.example.\n`);
    return 1;
  }
  const databaseUrl = cli.DATABASE_URL;
  let db: DbHandle | undefined;
  let queues: Queues | undefined;
  try {
    await command.run({
      databaseUrl,
      adminApiOrigin: cli.SHOPIFY_ADMIN_API_ORIGIN,
      encryptionKeys: cli.CORRIDOR_ENCRYPTION_KEYS,
      db: () => (db ??= createDb(databaseUrl, { max: 2 })),
      queues: () => (queues ??= createQueues(cli.REDIS_URL, cli.QUEUE_PREFIX)),
      out: createOut(Boolean(values.json)),
      args: positionals.slice(name!.split(" ").length),
      flags: values as Record<string, string | boolean | undefined>,
    });
    return 0;
  } catch (error) {
    process.stderr.write(`corridor: ${error instanceof UsageError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await queues?.close();
    await db?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
