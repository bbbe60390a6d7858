/**
 * A Corridor process (web or worker) run as a real child process, its output in <logDir>/<name>.log.
 * The chaos run kills and restarts these; the demo only starts and stops them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { nodeArgsFor } from "./process-entry";

const root = path.resolve(import.meta.dirname, "../..");

export interface ManagedProcess {
  readonly name: string;
  /** The current child (replaced by restart()). */
  readonly child: ChildProcess;
  readonly alive: boolean;
  /** Sends a signal to the current child and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a fresh child with the same script and environment (the old one must be gone). */
  restart(): void;
  /** SIGTERM (a clean shutdown), SIGKILL after `graceMs`; no restart follows. */
  stop(graceMs?: number): Promise<void>;
}

export function startManagedProcess(opts: { name: string; script: string; env: NodeJS.ProcessEnv; logDir: string; say: (m: string) => void }): ManagedProcess {
  mkdirSync(opts.logDir, { recursive: true });
  const logPath = path.join(opts.logDir, `${opts.name}.log`);
  const log = createWriteStream(logPath, { flags: "w" });
  let stopping = false;
  let child: ChildProcess;

  const spawnChild = () => {
    // The fresh bundle with plain node when there is one (production shape), else the source via tsx.
    const proc = spawn(process.execPath, nodeArgsFor(opts.script), { cwd: root, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    proc.stdout!.pipe(log, { end: false });
    proc.stderr!.pipe(log, { end: false });
    proc.on("exit", (code, signal) => {
      // An exit we did not ask for is worth a line: the operator looks at the log.
      if (!stopping && signal !== "SIGKILL") opts.say(`${opts.name} exited (${code ?? signal}); see ${path.relative(root, logPath)}`);
    });
    child = proc;
  };
  const exited = (proc: ChildProcess) => (proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => proc.once("exit", () => resolve())));
  spawnChild();

  return {
    name: opts.name,
    get child() {
      return child;
    },
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    async kill(signal = "SIGKILL") {
      const proc = child;
      const gone = exited(proc);
      proc.kill(signal);
      await gone;
    },
    restart() {
      if (stopping) return;
      if (child.exitCode === null && child.signalCode === null) throw new Error(`${opts.name} is still running`);
      spawnChild();
    },
    async stop(graceMs = 15_000) {
      stopping = true;
      const proc = child;
      const gone = exited(proc);
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(timer);
      log.end();
    },
  };
}
