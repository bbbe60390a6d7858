/**
 * Customs documents: what dispatch renders for each postal cross-border allocation (commercial invoice
 * + CN23, the Vietnamese test fixture) per CPU-second, with the embedded Unicode font (DejaVu) against
 * pdfkit's built-in Helvetica (text folded to ASCII), the floor any rendering costs. CPU time, not wall
 * time, and alternating rounds keeping each side's best: the machine is shared and oversubscribed.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Bench } from "./harness";
import { PROCESS_NODE_FLAGS } from "../scripts/stack/process-entry";
import { renderDocumentPdf, type RenderOptions } from "../app/customs/render-documents.server";
import { buildShipmentDocuments } from "../app/domain/customs/documents";
import { documentsInput } from "../test/unit/domain/customs/documents-fixture";

const bench: Bench = {
  name: "documents",
  description: "commercial invoice + CN23 per CPU-second with the embedded Unicode font vs built-in Helvetica",
  async run(ctx) {
    const docs = buildShipmentDocuments(documentsInput()).filter((d) => d.kind !== "packing_list");
    const creationDate = new Date("2026-12-01T00:00:00Z");
    const render = async (opts: RenderOptions) => { for (const d of docs) await renderDocumentPdf(d, { creationDate, ...opts }); };
    const cpuMs = async (f: () => Promise<void>) => {
      const c = process.cpuUsage();
      await f();
      const d = process.cpuUsage(c);
      return (d.user + d.system) / 1000;
    };
    // The first render in a process parses the font; every later one should not.
    const firstMs = await cpuMs(() => render({}));
    const pairs = Math.max(5, Math.round(40 * ctx.scale));
    const round = (opts: RenderOptions) => cpuMs(async () => { for (let i = 0; i < pairs; i++) await render(opts); });
    await round({});
    await round({ fontFile: null }); // warm up the JIT
    let unicode = 0, helvetica = 0;
    for (let r = 0; r < 5; r++) {
      unicode = Math.max(unicode, Math.round((pairs * docs.length * 1000) / (await round({}))));
      helvetica = Math.max(helvetica, Math.round((pairs * docs.length * 1000) / (await round({ fontFile: null }))));
      ctx.progress(`round ${r + 1}: Unicode font best ${unicode} docs/s, Helvetica best ${helvetica} docs/s (per CPU-second)`);
    }
    // Memory: the same rendering in a fresh process with and without the processes' V8 flags.
    const pairsInChild = Math.max(100, Math.round(600 * ctx.scale));
    const child = (flags: string[]) => {
      const out = execFileSync(process.execPath, [...flags, "--import", "tsx", path.join(import.meta.dirname, "fixtures/render-documents-rss.ts"), String(pairsInChild)], { encoding: "utf8" });
      return JSON.parse(out.trim().split("\n").at(-1)!) as { peakRssMiB: number; cpuMsPerPair: number };
    };
    const plain = child([]);
    const flagged = child(PROCESS_NODE_FLAGS);
    ctx.progress(`${pairsInChild} pairs in a fresh process: peak RSS ${flagged.peakRssMiB.toFixed(0)} MiB with ${PROCESS_NODE_FLAGS.join(" ")}, ${plain.peakRssMiB.toFixed(0)} MiB without`);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return [
      { metric: `peak RSS rendering ${pairsInChild} pairs, ${PROCESS_NODE_FLAGS.join(" ")}`, value: r1(flagged.peakRssMiB), unit: "MiB", baseline: r1(plain.peakRssMiB), baselineLabel: "same work, node's default young generation" },
      { metric: `CPU per pair, ${PROCESS_NODE_FLAGS.join(" ")}`, value: r1(flagged.cpuMsPerPair), unit: "ms", baseline: r1(plain.cpuMsPerPair), baselineLabel: "node's default young generation" },
      { metric: "documents_per_cpu_second", value: unicode, unit: "docs/s", baseline: helvetica, baselineLabel: "built-in Helvetica, same documents (best of 5 rounds each)", goal: "≥ 0.7× Helvetica (parsing the font per document: ≈ 0.15×)", met: unicode >= 0.7 * helvetica },
      { metric: "first_document_pair_cpu_ms", value: Math.round(firstMs), unit: "ms", goal: "informational: includes parsing the font once per process" },
    ];
  },
};

export default bench;
