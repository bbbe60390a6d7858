/**
 * The benchmark contract. Each bench/<name>.bench.ts default-exports a Bench; `npm run bench -- <name>`
 * runs one, printing progress to stderr and one JSON object as its last stdout line. Every figure is
 * compared with a baseline measured in the same run, because these machines are shared and noisy.
 */
import os from "node:os";

export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** The same quantity for the baseline, measured in this run (omit where none applies). */
  baseline?: number;
  baselineLabel?: string;
  /** value / baseline. */
  ratio?: number;
  /** The target, in words ("≥ 0.7× baseline", "p99 < 50 ms"). */
  goal?: string;
  /** Whether the goal was met, where it can be judged mechanically. */
  met?: boolean;
}

export interface BenchContext {
  /** Progress for the human watching; goes to stderr. */
  progress(message: string): void;
  /** Scale factor for quick runs (BENCH_QUICK=1 → 0.1). */
  scale: number;
  /** Options after the names: `npm run bench -- e2e --rate 50 --duration 300`. */
  options: { rate?: number; duration?: number; channels?: string[] };
  /** Adds a titled text block (a query plan, a profile) printed under the bench's table in docs/BENCHMARKS.md. */
  attach(title: string, body: string): void;
}

export interface BenchAttachment {
  title: string;
  body: string;
}

export interface Bench {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export interface BenchReport {
  bench: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; platform: string; hostname: string };
  date: string;
  results: BenchResult[];
  attachments?: BenchAttachment[];
}

export function machine(): BenchReport["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    hostname: os.hostname(),
  };
}

export function withRatio(r: BenchResult): BenchResult {
  return r.baseline !== undefined && r.baseline !== 0 ? { ...r, ratio: Math.round((r.value / r.baseline) * 1000) / 1000 } : r;
}

/** Percentile of an unsorted sample (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
