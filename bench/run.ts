/**
 * `npm run bench -- <name>` runs one benchmark (add `--write` to replace its section of docs/BENCHMARKS.md);
 * `npm run bench` runs all and rewrites docs/BENCHMARKS.md.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { machine, withRatio, type Bench, type BenchAttachment, type BenchReport } from "./harness";
import { mergeBenchmarksMarkdown, renderBenchmarksMarkdown } from "./report";

const here = path.dirname(fileURLToPath(import.meta.url));

/** bench/<name>.bench.ts; only the wanted ones, so one bench runs while another is being edited. */
async function loadBenches(wanted: string[]): Promise<Map<string, Bench>> {
  const files = (await readdir(here)).filter((f) => f.endsWith(".bench.ts") && (!wanted.length || wanted.includes(f.slice(0, -".bench.ts".length)))).sort();
  const benches = new Map<string, Bench>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Bench };
    benches.set(mod.default.name, mod.default);
  }
  return benches;
}

const args = parseArgs({ options: { rate: { type: "string" }, duration: { type: "string" }, channels: { type: "string" }, write: { type: "boolean" } }, allowPositionals: true });
const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const options = { rate: number(args.values.rate), duration: number(args.values.duration), channels: args.values.channels?.split(",") };

async function runOne(bench: Bench): Promise<BenchReport> {
  const scale = process.env.BENCH_QUICK === "1" ? 0.1 : 1;
  const progress = (m: string) => process.stderr.write(`[${bench.name}] ${m}\n`);
  progress(`${bench.description}`);
  const attachments: BenchAttachment[] = [];
  const attach = (title: string, body: string) => void attachments.push({ title, body });
  const results = (await bench.run({ progress, scale, attach, options })).map(withRatio);
  return { bench: bench.name, machine: machine(), date: new Date().toISOString(), results, ...(attachments.length ? { attachments } : {}) };
}

async function main() {
  const wanted = args.positionals;
  const benches = await loadBenches(wanted);
  for (const name of wanted) {
    if (!benches.has(name)) {
      process.stderr.write(`bench: unknown benchmark "${name}"; known: ${(await readdir(here)).filter((f) => f.endsWith(".bench.ts")).map((f) => f.slice(0, -".bench.ts".length)).join(", ")}\n`);
      process.exit(2);
    }
  }
  const selected = wanted.length ? wanted : [...benches.keys()];
  const reports: BenchReport[] = [];
  for (const name of selected) {
    const report = await runOne(benches.get(name)!);
    reports.push(report);
    if (wanted.length) process.stdout.write(`${JSON.stringify(report)}\n`);
  }
  const out = path.join(here, "..", "docs", "BENCHMARKS.md");
  if (wanted.length && args.values.write) {
    await writeFile(out, mergeBenchmarksMarkdown(await readFile(out, "utf8").catch(() => ""), reports));
    process.stderr.write(`bench: replaced ${wanted.join(", ")} in ${path.relative(process.cwd(), out)}\n`);
  }
  if (!wanted.length) {
    await writeFile(out, renderBenchmarksMarkdown(reports));
    process.stderr.write(`bench: wrote ${path.relative(process.cwd(), out)}\n`);
    process.stdout.write(`${JSON.stringify({ bench: "all", machine: machine(), date: new Date().toISOString(), results: reports.flatMap((r) => r.results.map((x) => ({ ...x, metric: `${r.bench}.${x.metric}` }))) })}\n`);
  }
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
