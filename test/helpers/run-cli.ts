/** Runs the real `corridor` CLI (bin/corridor.js) as a child process against a test's own world. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { IsolatedWorld } from "./isolated";

const run = promisify(execFile);

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function runCorridor(world: Pick<IsolatedWorld, "databaseUrl" | "redisUrl" | "queuePrefix">, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/corridor.js", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: world.databaseUrl, REDIS_URL: world.redisUrl, QUEUE_PREFIX: world.queuePrefix, LOG_LEVEL: "silent", ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as CliResult;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
