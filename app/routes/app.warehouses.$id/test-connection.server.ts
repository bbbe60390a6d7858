/**
 * "Test connection": can this server reach the warehouse's API at the configured address? An HTTP
 * answer of any status proves reachability (401/403 means the address is right but credentials
 * are needed); a timeout or refused connection does not. Connector-specific credential checks
 * belong to each connector in app/warehouses/ once they exist.
 */
import type { WarehouseRow } from "../../db/queries/warehouses.server";
import type { MessageKey, MessageVars } from "../../i18n/translate";

export interface ConnectionVerdict {
  tone: "success" | "warning" | "critical";
  key: MessageKey;
  vars?: MessageVars;
}

const TIMEOUT_MS = 5_000;

export async function testConnection(warehouse: Pick<WarehouseRow, "connector" | "connectorConfig">, fetchImpl: typeof fetch = fetch): Promise<ConnectionVerdict> {
  const baseUrl = warehouse.connectorConfig.baseUrl;
  if (typeof baseUrl !== "string" || !baseUrl) {
    return warehouse.connector === "sandbox"
      ? { tone: "success", key: "warehouse.connection.sandbox" }
      : { tone: "warning", key: "warehouse.connection.noAddress" };
  }
  try {
    const res = await fetchImpl(baseUrl, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.body?.cancel();
    if (res.status === 401 || res.status === 403) return { tone: "warning", key: "warehouse.connection.unauthorized", vars: { status: res.status } };
    if (res.status >= 500) return { tone: "critical", key: "warehouse.connection.serverError", vars: { status: res.status } };
    return { tone: "success", key: "warehouse.connection.ok", vars: { status: res.status } };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { tone: "critical", key: timedOut ? "warehouse.connection.timeout" : "warehouse.connection.unreachable" };
  }
}
