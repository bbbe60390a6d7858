/**
 * Records on each allocation what routing decided for customs: the lane row, whether it is a post,
 * the incoterm and the landed-cost quote. The plan is rebuilt from the same candidates, lane and
 * lines the engine priced, and priced with the same options, so the record matches the decision.
 */
import { asc, eq } from "drizzle-orm";
import type { Transaction } from "../db/client.server";
import { warehouseLanes } from "../db/schema";
import { recordShipmentCustoms, type ShipmentCustoms, type ShipmentCustomsOptions } from "../domain/customs/shipment-customs";
import type { CanonicalOrder } from "../domain/order";
import type { Allocation, CandidateWarehouse } from "../domain/routing/types";

export interface AllocationCustoms extends ShipmentCustoms {
  laneId: number | null;
  laneCarrier: string | null;
}

export async function allocationCustoms(
  tx: Transaction,
  input: { order: CanonicalOrder; candidates: readonly CandidateWarehouse[]; allocation: Allocation; destination: string; now: Date },
  opts: ShipmentCustomsOptions,
): Promise<AllocationCustoms> {
  const { allocation: a } = input;
  const warehouse = input.candidates.find((c) => c.id === a.warehouseId);
  const lane = warehouse?.lanes[a.lane.index];
  if (!warehouse || !lane) throw new Error(`routing chose lane ${a.lane.index} of warehouse ${a.warehouseId}, which was not a candidate`);
  const byLine = new Map(input.order.lines.map((l) => [l.externalLineId, l]));
  const customs = recordShipmentCustoms({
    order: input.order, destination: input.destination, warehouse, lane, weightGrams: a.weightGrams, now: input.now,
    lines: a.lines.map((l) => ({ line: byLine.get(l.externalLineId)!, quantity: l.quantity })),
    ddp: warehouse.capabilities.ddp === true && lane.ddp === true,
  }, opts);
  // Candidates list a warehouse's lanes in id order (load-candidates.server.ts), so the index finds the row.
  const ids = await tx.select({ id: warehouseLanes.id }).from(warehouseLanes).where(eq(warehouseLanes.warehouseId, Number(a.warehouseId))).orderBy(asc(warehouseLanes.id));
  return { ...customs, laneId: ids[a.lane.index]?.id ?? null, laneCarrier: lane.carrier };
}
