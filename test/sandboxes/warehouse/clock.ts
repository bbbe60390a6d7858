/**
 * The sandbox's compressible clock. A parcel's life takes days; the demo and chaos run compress it
 * (`real` mode, `timeScale` simulated ms per real ms) and tests drive it by hand (`manual` mode,
 * `advance(ms)` runs every due step in order), so no test waits on a timer.
 */
export type ClockOptions = { mode: "real"; timeScale?: number; start?: Date } | { mode: "manual"; start?: Date };

interface Task {
  at: number;
  seq: number;
  run: () => void;
}

export class SimClock {
  readonly mode: "real" | "manual";
  readonly timeScale: number;
  private readonly startSim: number;
  private readonly startReal = performance.now();
  private manualNow: number;
  private seq = 0;
  private readonly tasks: Task[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(options: ClockOptions = { mode: "real" }) {
    this.mode = options.mode;
    this.timeScale = options.mode === "real" ? (options.timeScale ?? 1) : 1;
    this.startSim = (options.start ?? new Date()).getTime();
    this.manualNow = this.startSim;
  }

  /** Simulated now, in ms since the epoch. */
  nowMs(): number {
    if (this.mode === "manual") return this.manualNow;
    return Math.round(this.startSim + (performance.now() - this.startReal) * this.timeScale);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Runs `run` once the simulated clock reaches now + simMs. */
  after(simMs: number, run: () => void): void {
    if (this.closed) return;
    const at = this.nowMs() + Math.max(0, simMs);
    if (this.mode === "manual") {
      this.tasks.push({ at, seq: this.seq++, run });
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, Math.max(0, simMs / this.timeScale));
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Manual mode: moves time forward, running each due task at its own time, earliest first. */
  advance(simMs: number): void {
    if (this.mode !== "manual") throw new Error("advance() needs a manual clock");
    const target = this.manualNow + simMs;
    for (;;) {
      let next = -1;
      for (let i = 0; i < this.tasks.length; i++) {
        const t = this.tasks[i]!;
        if (t.at <= target && (next < 0 || t.at < this.tasks[next]!.at || (t.at === this.tasks[next]!.at && t.seq < this.tasks[next]!.seq))) next = i;
      }
      if (next < 0) break;
      const [task] = this.tasks.splice(next, 1);
      this.manualNow = Math.max(this.manualNow, task!.at);
      task!.run();
    }
    this.manualNow = target;
  }

  /** Number of scheduled steps not yet run (manual mode). */
  pending(): number {
    return this.tasks.length;
  }

  close(): void {
    this.closed = true;
    this.tasks.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
