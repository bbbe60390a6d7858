/**
 * memory: peak RSS of the web and worker processes during the e2e load (the same run as the e2e bench
 * when both run), read from /proc/<pid>/status every second. Baseline: each process at rest, booted
 * and connected, before the load.
 */
import type { Bench, BenchResult } from "./harness";
import { e2eLoad } from "./e2e-load";
import { loadOptions } from "./e2e-report";

const round = (x: number) => Math.round(x * 10) / 10;

const bench: Bench = {
  name: "memory",
  description: "peak RSS of web and worker processes under the e2e load vs the same processes at rest",
  async run({ progress, scale, options }) {
    const r = await e2eLoad({ ...loadOptions(options, scale), progress });
    const results: BenchResult[] = [];
    for (const [name, m] of Object.entries(r.memory)) {
      const peak = Math.max(...m.samples.map((x) => x.rssMiB));
      const hwm = Math.max(...m.samples.map((x) => x.hwmMiB));
      const worker = name.startsWith("workers");
      results.push(
        { metric: `${name} peak RSS`, value: round(peak), unit: "MiB", baseline: round(m.idleMiB), baselineLabel: "same process at rest", ...(worker ? { goal: "< 300 MB", met: peak * 1.048576 < 300 } : {}) },
        { metric: `${name} VmHWM`, value: round(hwm), unit: "MiB", baseline: round(m.idleMiB), baselineLabel: "at rest" },
        { metric: `${name} RSS at end of load`, value: round(m.samples.at(-1)?.rssMiB ?? NaN), unit: "MiB", baseline: round(m.idleMiB), baselineLabel: "at rest" },
      );
    }
    return results;
  },
};

export default bench;
