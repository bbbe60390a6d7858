/**
 * Fault injection for the sandbox 3PL. Rates draw from a seeded generator so a chaos run can be
 * replayed; `script` queues exact faults for the next matching API calls, which is what tests
 * use ("the next POST /v1/orders answers 429 with Retry-After: 7").
 */
import { seededRandom } from "../../../app/lib/seeded-random";

export type ScriptedFault =
  | { kind: "5xx"; status?: number }
  | { kind: "429"; retryAfterSeconds?: number }
  /** Hold the request without acting on it: the client times out, nothing was created. */
  | { kind: "timeout" }
  /** Act on the request, then hold the answer: the client times out although the order exists. */
  | { kind: "timeout_after_commit" }
  /** Wait `ms` before acting, then act and answer: a slow partner, the call in flight meanwhile. */
  | { kind: "delay"; ms: number }
  /** Act at once, then hold the answer `ms`: what the call found is already stale when the client reads it. */
  | { kind: "slow_answer"; ms: number };

export interface ScriptEntry {
  fault: ScriptedFault;
  /** Only calls with this method and path prefix consume the entry (default: any API call). */
  method?: string;
  pathPrefix?: string;
}

export interface FaultConfig {
  /** Share of API calls answered 503. */
  errorRate: number;
  /** Share of API calls held unanswered (before acting). */
  timeoutRate: number;
  /** Share of API calls acted on and then held unanswered. */
  timeoutAfterCommitRate: number;
  /** Share of API calls answered 429. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** How long a held call stays open before the sandbox drops the socket (real ms). */
  hangMs: number;
  /** Share of webhooks delivered twice (same webhook-id). */
  duplicateWebhookRate: number;
  /** Share of webhooks held back and delivered after the next one. */
  outOfOrderWebhookRate: number;
  script: ScriptEntry[];
}

export const NO_FAULTS: FaultConfig = {
  errorRate: 0,
  timeoutRate: 0,
  timeoutAfterCommitRate: 0,
  throttleRate: 0,
  retryAfterSeconds: 2,
  hangMs: 30_000,
  duplicateWebhookRate: 0,
  outOfOrderWebhookRate: 0,
  script: [],
};


export class Faults {
  config: FaultConfig;
  private readonly random: () => number;

  constructor(config: Partial<FaultConfig> = {}, seed = 1) {
    this.config = { ...NO_FAULTS, ...config, script: [...(config.script ?? [])] };
    this.random = seededRandom(seed);
  }

  /** Replaces rates (keeps what is not given); appends script entries. */
  update(patch: Partial<FaultConfig>): void {
    const { script, ...rates } = patch;
    this.config = { ...this.config, ...rates, script: [...this.config.script, ...(script ?? [])] };
  }

  reset(): void {
    this.config = { ...NO_FAULTS, script: [] };
  }

  /** The fault for this API call, if any: a scripted one first, then the rates. */
  forRequest(method: string, path: string): ScriptedFault | undefined {
    const i = this.config.script.findIndex((e) => (!e.method || e.method === method) && (!e.pathPrefix || path.startsWith(e.pathPrefix)));
    if (i >= 0) return this.config.script.splice(i, 1)[0]!.fault;
    const c = this.config;
    if (c.errorRate > 0 && this.random() < c.errorRate) return { kind: "5xx", status: 503 };
    if (c.throttleRate > 0 && this.random() < c.throttleRate) return { kind: "429", retryAfterSeconds: c.retryAfterSeconds };
    if (c.timeoutRate > 0 && this.random() < c.timeoutRate) return { kind: "timeout" };
    if (c.timeoutAfterCommitRate > 0 && this.random() < c.timeoutAfterCommitRate) return { kind: "timeout_after_commit" };
    return undefined;
  }

  duplicateWebhook(): boolean {
    return this.config.duplicateWebhookRate > 0 && this.random() < this.config.duplicateWebhookRate;
  }

  outOfOrderWebhook(): boolean {
    return this.config.outOfOrderWebhookRate > 0 && this.random() < this.config.outOfOrderWebhookRate;
  }
}
