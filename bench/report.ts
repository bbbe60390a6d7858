import type { BenchReport } from "./harness";

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : Number.isInteger(n) ? String(n) : n.toPrecision(4));

const HEADER = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (do not edit by hand; `npm run bench -- <name> --write` replaces one section).",
  "Every figure sits beside a baseline measured in the same run, because these machines are shared and",
  "noisy; compare ratios, not absolute numbers, across runs. Each section names its machine and date.",
  "",
];

function renderSection(r: BenchReport): string[] {
  const m = r.machine;
  const lines = [`## ${r.bench}`, "", `Run ${r.date} on ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, ${m.platform}, Node ${m.node}.`, ""];
  lines.push("| metric | value | unit | baseline | ratio | goal | met |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const x of r.results) {
    const base = x.baseline === undefined ? "" : `${fmt(x.baseline)}${x.baselineLabel ? ` (${x.baselineLabel})` : ""}`;
    lines.push(`| ${x.metric} | ${fmt(x.value)} | ${x.unit} | ${base} | ${fmt(x.ratio)} | ${x.goal ?? ""} | ${x.met === undefined ? "" : x.met ? "yes" : "no"} |`);
  }
  lines.push("");
  for (const a of r.attachments ?? []) lines.push(`### ${r.bench}: ${a.title}`, "", "```text", a.body.trimEnd(), "```", "");
  return lines;
}

/** docs/BENCHMARKS.md from a full run: one section per benchmark. */
export function renderBenchmarksMarkdown(reports: BenchReport[]): string {
  return [...HEADER, ...reports.flatMap(renderSection)].join("\n");
}

/**
 * The existing document with the sections of `reports` replaced (or added at the end), the others
 * kept as they were: for a single benchmark re-run on a quiet machine.
 */
export function mergeBenchmarksMarkdown(existing: string, reports: BenchReport[]): string {
  const [head = "", ...chunks] = existing.split(/^(?=## )/m);
  // Documents from before per-section dates carry one "Machine: … Date: …" line in the header.
  const oldRunLine = /^Machine: .*$/m.exec(head)?.[0];
  const sections = new Map<string, string>();
  for (const chunk of chunks) {
    const name = chunk.slice(3, chunk.indexOf("\n")).trim();
    const dated = /^(Run|Machine:) /m.test(chunk) || !oldRunLine ? chunk : chunk.replace("\n", `\n\n${oldRunLine}\n`);
    sections.set(name, dated.trimEnd() + "\n");
  }
  for (const r of reports) sections.set(r.bench, renderSection(r).join("\n"));
  return [...HEADER, ...sections.values()].join("\n");
}
