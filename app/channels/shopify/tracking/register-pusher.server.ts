/**
 * Side-effect module: registers Shopify's tracking pusher for the push-tracking job. Loaded by
 * app/tracking/pushers.server.ts (one import line), like the marketplace pushers.
 */
import { TRACKING_PUSHERS, type TrackingPusher } from "../../../tracking/push-to-storefront.server";
import { shopifyTrackingPusher } from "./index";

const pusher: TrackingPusher = shopifyTrackingPusher;
TRACKING_PUSHERS.shopify = pusher;
