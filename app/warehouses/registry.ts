/**
 * Connector id (warehouses.connector) → factory that builds a `Warehouse` from the row's
 * connector_config. The config is checked here, once, so a bad row fails with a sentence naming
 * the field instead of a 401 at the first dispatch.
 */
import { z } from "zod";
import { CorridorError } from "~/lib/errors";
import { createSandboxWarehouse } from "./sandbox/index";
import type { Warehouse, WarehouseConnectorId } from "./warehouse";

/** The part of warehouses.connector_config every HTTP connector needs. */
export const ConnectorConfig = z.object({
  baseUrl: z.string().url(),
  apiKey: z.string().min(1),
  /** Webhook signing secret ("whsec_…" for Standard Webhooks partners). */
  webhookSecret: z.string().min(1),
  /** The partner's id for this location (sandbox warehouse code, ShipBob fulfillment center…). */
  partnerLocationId: z.string().min(1),
  timeoutMs: z.number().int().positive().max(120_000).optional(),
});
export type ConnectorConfig = z.infer<typeof ConnectorConfig>;

/** Things a factory takes from its caller rather than from the row (tests inject fetch). */
export interface ConnectorDeps {
  fetch?: typeof fetch;
}

export type WarehouseFactory = (config: ConnectorConfig, deps: ConnectorDeps) => Warehouse;

const FACTORIES: Readonly<Record<WarehouseConnectorId, WarehouseFactory | undefined>> = {
  sandbox: (config, deps) => createSandboxWarehouse({ ...config, fetch: deps.fetch }),
  // Shaped for by the interface (contracts/marketplaces.md §C–E); not built yet.
  shipbob: undefined,
  "amazon-mcf": undefined,
};

export const isConnectorId = (id: string): id is WarehouseConnectorId => Object.hasOwn(FACTORIES, id);

/** Connectors that can be instantiated today (the settings page offers these). */
export const availableConnectors = (): WarehouseConnectorId[] =>
  (Object.keys(FACTORIES) as WarehouseConnectorId[]).filter((id) => FACTORIES[id] !== undefined);

export class WarehouseConfigError extends CorridorError {
  constructor(message: string, merchantMessage: string) {
    super("WAREHOUSE_CONFIG_INVALID", message, { retryable: false, merchantMessage });
  }
}

/** Builds the connector for one warehouse row; throws WarehouseConfigError naming every bad field. */
export function createWarehouse(connector: string, rawConfig: unknown, deps: ConnectorDeps = {}): Warehouse {
  if (!isConnectorId(connector)) {
    throw new WarehouseConfigError(`unknown warehouse connector "${connector}"`, `The warehouse uses an unknown connector "${connector}". Choose one of: ${availableConnectors().join(", ")}.`);
  }
  const factory = FACTORIES[connector];
  if (!factory) {
    throw new WarehouseConfigError(`warehouse connector "${connector}" is not available yet`, `The ${connector} connector is not available yet. Choose one of: ${availableConnectors().join(", ")}.`);
  }
  const parsed = ConnectorConfig.safeParse(rawConfig);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new WarehouseConfigError(
      `invalid connector_config for ${connector}: ${fields.join("; ")}`,
      `The warehouse connection settings are incomplete (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}). Fix them in the warehouse settings.`,
    );
  }
  return factory(parsed.data, deps);
}
