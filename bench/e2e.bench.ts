/** e2e: the acceptance rate, 50 orders/s for 5 minutes (bench/e2e-report.ts). */
import { e2eBench, TARGET_RATE } from "./e2e-report";

export default e2eBench("e2e", `${TARGET_RATE} orders/s through web + workers + sandboxes: webhook → warehouse order, shipment → tracking on Shopify`, TARGET_RATE);
