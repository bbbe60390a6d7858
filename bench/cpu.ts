/** Where a load's CPU went: per process from /proc, so a run says what each part of the machine cost. */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Pids whose command name is `comm` (every Postgres backend, the Redis server). */
function pidsNamed(comm: string): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === comm;
    } catch {
      return false;
    }
  });
}

/**
 * CPU seconds so far per part: the named child processes, this process (`self`: the sandboxes and the
 * load generator run in it), every Postgres backend and the Redis server.
 */
export function cpuByPart(pids: Record<string, number>, self: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) parts[name] = cpuSecondsOf(pid);
  const own = process.cpuUsage();
  parts[self] = (own.user + own.system) / 1e6;
  parts["postgres (every backend)"] = pidsNamed("postgres").reduce((n, pid) => n + cpuSecondsOf(pid), 0);
  parts["redis"] = pidsNamed("redis-server").reduce((n, pid) => n + cpuSecondsOf(pid), 0);
  return parts;
}

/** CPU seconds each part used between two cpuByPart readings. A Postgres backend that ended took its CPU with it: that part is a lower bound. */
export const cpuBetween = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([part, a]) => [part, Math.max(0, a - (before[part] ?? 0))]));
