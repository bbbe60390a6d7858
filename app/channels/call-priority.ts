/**
 * Which platform calls may wait. Under a platform's rate limit (Etsy: 10 calls a second per token),
 * stock sync and catalog reads can use every slot: a dozen listings changed each second is already
 * 24 Etsy calls. Order intake and tracking then queue behind them, and an Etsy order took 7 s to reach
 * its warehouse at 10 orders/s. Background work runs inside `inBackground`, and the limiters give it at
 * most BACKGROUND_SHARE of each second. It loses nothing by waiting: stock changes coalesce into the
 * next push, while an order does not.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const background = new AsyncLocalStorage<true>();

/** Share of a platform's per-second calls that background work may take. */
export const BACKGROUND_SHARE = 0.5;

/** Runs `work` as background: its platform calls yield to order intake and tracking. */
export const inBackground = <T>(work: () => Promise<T>): Promise<T> => background.run(true, work);

export const isBackground = (): boolean => background.getStore() === true;
