/**
 * Coalescing: every change seen in the same window of `windowMs` maps to the same push job, run
 * when the window closes. A change seen while that job runs falls into a later window (the job
 * starts only after its window has closed), so it gets a job of its own: nothing is dropped. A job
 * whose connection is still being pushed folds into that push, which queues one follow-up when its
 * outbox is not empty (app/stock/process-push-stock.server.ts).
 */

/** The window the dispatcher coalesces changes into, and push follow-ups wait for. */
export const STOCK_WINDOW_MS = 1_000;

export interface PushWindow {
  /** Monotonic window number: part of the job id. */
  window: number;
  /** Milliseconds from `now` until the window closes (the job's delay). */
  delayMs: number;
}

export function pushWindow(now: Date, windowMs: number): PushWindow {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  const t = now.getTime();
  const window = Math.floor(t / windowMs);
  return { window, delayMs: (window + 1) * windowMs - t };
}
