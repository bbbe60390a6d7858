import type { BenchReport } from "./harness";

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : Number.isInteger(n) ? String(n) : n.toPrecision(4));

/** docs/BENCHMARKS.md from a full run: machine, date, and one table per benchmark. */
export function renderBenchmarksMarkdown(reports: BenchReport[]): string {
  const first = reports[0];
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (do not edit by hand). Every figure sits beside a baseline measured in the",
    "same run, because these machines are shared and noisy; compare ratios, not absolute numbers, across runs.",
    "",
  ];
  if (first) {
    const m = first.machine;
    lines.push(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, ${m.platform}, Node ${m.node}. Date: ${first.date}.`, "");
  }
  for (const r of reports) {
    lines.push(`## ${r.bench}`, "", "| metric | value | unit | baseline | ratio | goal | met |", "| --- | --- | --- | --- | --- | --- | --- |");
    for (const x of r.results) {
      const base = x.baseline === undefined ? "" : `${fmt(x.baseline)}${x.baselineLabel ? ` (${x.baselineLabel})` : ""}`;
      lines.push(`| ${x.metric} | ${fmt(x.value)} | ${x.unit} | ${base} | ${fmt(x.ratio)} | ${x.goal ?? ""} | ${x.met === undefined ? "" : x.met ? "yes" : "no"} |`);
    }
    lines.push("");
    for (const a of r.attachments ?? []) lines.push(`### ${r.bench}: ${a.title}`, "", "```text", a.body.trimEnd(), "```", "");
  }
  return lines.join("\n");
}
