/**
 * `corridor channels discover <connectionId>`: asks the workers (which hold the Etsy and TikTok app
 * credentials; the CLI does not) to read the storefront's catalog, map SKUs and queue a full push,
 * and follows the job with a progress line on stderr. stdout carries the report (--json parseable).
 */
import { Job } from "bullmq";
import type { Command } from "../cli/commands";
import { UsageError } from "../cli/output";
import { discoverRefsJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import type { DiscoveryReport } from "./discover-channel-refs.server";
import { progressBar } from "./stock-sync-cli.server";

const POLL_MS = 250;

type Progress = { pages?: number; listed?: number; total?: number; done?: boolean; report?: DiscoveryReport };

/** Queues the discovery and waits for it; resolves with the worker's report, rejects with its failure. */
export async function followDiscovery(queues: Queues, connectionId: number, opts: { now: Date; stderr: NodeJS.WritableStream; sleep?: (ms: number) => Promise<void> }): Promise<{ jobId: string; summary: string; report?: DiscoveryReport }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const jobId = discoverRefsJobId(connectionId, opts.now);
  await queues.add(QUEUE.maintenance, { task: "discover-channel-refs", connectionId, correlationId: `cli-${jobId}` }, { jobId, attempts: 1 });
  const started = Date.now();
  let waitingSaid = false;
  for (;;) {
    await sleep(POLL_MS);
    const job = await Job.fromId(queues.get(QUEUE.maintenance), jobId);
    if (!job) throw new Error(`discovery job ${jobId} is gone`);
    const state = await job.getState();
    const progress = (typeof job.progress === "object" ? job.progress : {}) as Progress;
    if (state === "completed") {
      opts.stderr.write("\n");
      return { jobId, summary: String(job.returnvalue ?? ""), ...(progress.report ? { report: progress.report } : {}) };
    }
    if (state === "failed") throw new Error(`discovery failed: ${job.failedReason ?? "unknown reason"}`);
    if (state === "waiting" && !waitingSaid && Date.now() - started > 5_000) {
      opts.stderr.write("queued; waiting for a worker (npm run start:workers)…\n");
      waitingSaid = true;
    }
    // Listings are read page by page; the total is the platform's count of listings or products.
    if (progress.pages) opts.stderr.write(`\r${progressBar(progress.listed ?? 0, Math.max(progress.total ?? 0, progress.listed ?? 0), `page ${progress.pages}`)}`);
  }
}

export const CHANNELS_COMMANDS: Record<string, Command> = {
  "channels discover": {
    usage: "corridor channels discover <connectionId> [--json]",
    summary: "read an Etsy or TikTok Shop catalog, map its SKUs to Corridor's and push every stock level (needs a running worker)",
    async run(ctx) {
      const id = Number(ctx.args[0]);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError("give the connection id: corridor channels discover <connectionId> (see the channels page or channel_connections)");
      const result = await followDiscovery(ctx.queues(), id, { now: new Date(), stderr: process.stderr });
      ctx.out.print(result, () =>
        [
          result.summary,
          ...(result.report?.unknown.length ? [`not in Corridor (not created): ${result.report.unknown.join(", ")}`] : []),
          ...(result.report?.ambiguous.length ? [`listed more than once (not pushed until fixed on the storefront): ${result.report.ambiguous.join(", ")}`] : []),
        ].join("\n"),
      );
    },
  },
};
