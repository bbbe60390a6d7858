/**
 * The merchant's routing policy as stored in shops.settings.routing and edited in the admin: parsed
 * once at the edge, so routeOrder only ever sees a valid RoutingPolicy.
 */
import { z } from "zod";
import type { RoutingPolicy } from "./types";

export const RoutingPolicySchema = z
  .strictObject({
    objective: z.enum(["cheapest", "fastest", "balanced"]).default("cheapest"),
    promiseDays: z.number().int().min(1).max(120).optional(),
    maxSplits: z.number().int().min(0).max(5).default(1),
    preferredWarehouseIds: z.array(z.string().min(1)).default([]),
    blockedWarehouseIds: z.array(z.string().min(1)).default([]),
  })
  .refine((p) => p.objective !== "balanced" || p.promiseDays !== undefined, {
    message: "a balanced policy needs promiseDays, the delivery promise it balances cost against",
    path: ["promiseDays"],
  })
  .refine((p) => !p.preferredWarehouseIds.some((id) => p.blockedWarehouseIds.includes(id)), {
    message: "a warehouse cannot be both preferred and blocked",
    path: ["preferredWarehouseIds"],
  });

/**
 * Policy for a shop with nothing configured: cheapest, at most one split. Typed as RoutingPolicy on
 * purpose: if the schema drifts from what routeOrder takes, this line stops compiling.
 */
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = RoutingPolicySchema.parse({});
