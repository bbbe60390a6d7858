/**
 * warehouses.connector_config at rest: the partner's API key and webhook signing secret are sealed
 * with the SecretBox (as channel tokens are); baseUrl and partnerLocationId stay plain, since SQL and
 * the admin read them. Every use of a stored row goes through connectorFor, so no caller sees an
 * envelope. A legacy row with plain secrets still reads, and `corridor secrets rotate` seals it.
 */
import { sealedFields, type SecretBox } from "../lib/secret-box.server";
import { createWarehouse, type ConnectorDeps } from "./registry";
import type { Warehouse } from "./warehouse";

const configFields = sealedFields("warehouses.connector_config");

/** Plain connector settings → what is stored. */
export const sealConnectorConfig = (box: SecretBox, plain: object): Record<string, unknown> => configFields.seal(box, plain);

/** What is stored → plain settings (a SecretUnreadableError names a key nobody lists any more). */
export const openConnectorConfig = (box: SecretBox, stored: Record<string, unknown>): Record<string, unknown> => configFields.open(box, stored);

export const resealConnectorConfig = (box: SecretBox, stored: Record<string, unknown>) => configFields.reseal(box, stored);

/** The connector of a stored warehouse row: secrets opened, settings checked (WarehouseConfigError). */
export function connectorFor(box: SecretBox, warehouse: { connector: string; connectorConfig: Record<string, unknown> }, deps: ConnectorDeps = {}): Warehouse {
  return createWarehouse(warehouse.connector, openConnectorConfig(box, warehouse.connectorConfig), deps);
}
