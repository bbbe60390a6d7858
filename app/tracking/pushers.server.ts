/**
 * Registers every channel's tracking pusher in TRACKING_PUSHERS (push-to-storefront.server.ts).
 * Imported once, for its side effect, by the worker entry (app/queues/run-workers.server.ts): each
 * channel's module adds its entry when loaded, so a channel is one import line here.
 */
import "../channels/marketplace-pushers.server";
import "../channels/shopify/tracking/register-pusher.server";
