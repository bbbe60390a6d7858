/**
 * e2e-sustained: the same measurement at 10 orders/s, about what this 2-core machine carries with every
 * process, both databases and all the sandboxes on it (e2e's CPU-per-order figures say why).
 */
import { e2eBench } from "./e2e-report";

export default e2eBench("e2e-sustained", "10 orders/s, the same path and timings as e2e: what this machine sustains", 10);
