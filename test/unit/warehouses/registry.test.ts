import { describe, expect, it } from "vitest";
import { availableConnectors, createWarehouse, WarehouseConfigError } from "~/warehouses/registry";

const config = { baseUrl: "http://127.0.0.1:4010", apiKey: "k", webhookSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", partnerLocationId: "US-RNO" };

describe("createWarehouse", () => {
  it("builds the sandbox connector from a connector_config row", () => {
    const warehouse = createWarehouse("sandbox", config);
    expect(warehouse.connector).toBe("sandbox");
    expect(warehouse.partnerLocationId).toBe("US-RNO");
  });

  it("names every bad field of a connector_config for the operator and tells the merchant where to fix it", () => {
    const attempt = () => createWarehouse("sandbox", { baseUrl: "not a url", apiKey: "" });
    expect(attempt).toThrow(WarehouseConfigError);
    try {
      attempt();
    } catch (error) {
      const e = error as WarehouseConfigError;
      for (const field of ["baseUrl", "apiKey", "webhookSecret", "partnerLocationId"]) expect(e.message).toContain(field);
      expect(e.retryable).toBe(false);
      expect(e.merchantMessage).toMatch(/warehouse settings/);
    }
  });

  it("refuses a connector that is planned but not built, and one that does not exist", () => {
    expect(() => createWarehouse("shipbob", config)).toThrow(/not available yet/);
    expect(() => createWarehouse("dhl-fulfillment", config)).toThrow(/unknown warehouse connector/);
    expect(availableConnectors()).toEqual(["sandbox"]);
  });
});
