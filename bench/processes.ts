/** Processes for the benches (Corridor's, and the floor's skeletons): bundles with plain node when fresh (else tsx), up once /healthz answers. */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { freshBundle } from "../scripts/stack/process-entry";

const root = path.resolve(import.meta.dirname, "..");

/** Forks `script` (relative to the repository root) on `port` and waits until /healthz answers. */
export async function startChild(script: string, env: Record<string, string | undefined>, port: number): Promise<ChildProcess> {
  const bundle = freshBundle(script);
  const child = fork(path.join(root, bundle ?? script), { execArgv: bundle ? [] : ["--import", "tsx"], env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  // The last words of a child that dies at boot (a config error) belong in the bench's error.
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-2000)));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status > 0, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${script} did not start`);
}

/** SIGTERM, resolved once the child has exited. */
export const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));

/** The admin is a Remix build; rebuild it (as scripts/demo.sh does) when any app file is newer than it. */
export function ensureAdminBuild(progress: (m: string) => void): void {
  const built = path.join(root, "build", "index.js");
  const stale = !existsSync(built) || execFileSync("find", ["app", "remix.config.js", "-newer", built, "-print", "-quit"], { cwd: root, encoding: "utf8" }).trim() !== "";
  if (!stale) return;
  progress("building the admin (remix build)…");
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], { cwd: root, stdio: "pipe" });
}

export { ensureProcessBundles } from "../scripts/stack/process-entry";

/** Production refuses the built-in development key: each bench run seals with a key of its own. */
export const benchEncryptionKeys = () => `bench:${randomBytes(32).toString("base64")}`;
