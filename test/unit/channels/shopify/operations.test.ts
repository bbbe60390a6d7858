import { readdirSync } from "node:fs";
import path from "node:path";
import { Kind, parse, validate, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../../sandboxes/shopify/schema";

const dir = path.resolve(import.meta.dirname, "../../../../app/channels/shopify/operations");

/** Every exported string constant of every file in operations/: the whole set Corridor can send. */
async function allOperations(): Promise<Array<{ file: string; exportName: string; text: string }>> {
  const out: Array<{ file: string; exportName: string; text: string }> = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) if (typeof value === "string") out.push({ file, exportName, text: value });
  }
  return out;
}

const operationOf = (doc: DocumentNode) => doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const schema = loadAdminSchema();
const operations = await allOperations();

/** Mutations that Shopify 2026-10 refuses at runtime without `@idempotent(key:)` (contract §4.1). */
const IDEMPOTENT_REQUIRED = /^inventory(SetQuantities|AdjustQuantities|MoveQuantities|Activate|SetOnHandQuantities)$/;

describe("Corridor's Admin operations against the vendored 2026-10 schema", () => {
  it("finds the operations Corridor depends on", () => {
    // GIVEN the operations folder; THEN the core flow's operations are all there
    const names = operations.map((o) => operationOf(parse(o.text)).name?.value);
    for (const expected of ["CorridorFulfillmentServiceCreate", "CorridorAssignedFulfillmentOrders", "CorridorFulfillmentCreate", "CorridorInventorySetQuantities", "CorridorOrder", "CorridorShop"]) {
      expect(names).toContain(expected);
    }
  });

  it.each(operations.map((o) => [`${o.file}:${o.exportName}`, o] as const))("%s is one named Corridor… operation that validates", (_label, op) => {
    // GIVEN the operation text; WHEN parsed and validated with graphql-js
    const doc = parse(op.text);
    const errors = validate(schema, doc);
    // THEN the schema accepts it, and it is one operation named Corridor…
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(1);
    expect(operationOf(doc).name?.value).toMatch(/^Corridor[A-Z]/);
    expect(op.text.startsWith("#graphql")).toBe(true);
  });

  it.each(operations.map((o) => [`${o.file}:${o.exportName}`, o] as const))("%s selects userErrors and @idempotent where required", (_label, op) => {
    const operation = operationOf(parse(op.text));
    if (operation.operation !== "mutation") return;
    for (const sel of operation.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      // THEN every mutation field asks for userErrors, so a refusal can never pass as success
      expect(sel.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "userErrors"), `${sel.name.value} selects userErrors`).toBe(true);
      if (IDEMPOTENT_REQUIRED.test(sel.name.value)) {
        expect(sel.directives?.some((d) => d.name.value === "idempotent"), `${sel.name.value} carries @idempotent`).toBe(true);
      }
    }
  });

  it("uses fulfillmentCreate and fulfillmentTrackingInfoUpdate, never the deprecated V2 mutations", () => {
    for (const op of operations) expect(op.text).not.toMatch(/fulfillment(Create|TrackingInfoUpdate)V2/);
  });

  it("gives every operation a unique name, since codegen keys types by it", () => {
    const names = operations.map((o) => operationOf(parse(o.text)).name?.value);
    expect(new Set(names).size).toBe(names.length);
  });

  it("rejects an operation that asks for a field the schema lacks (the check can fail)", () => {
    // GIVEN a REST-era field that 2026-10 removed
    const doc = parse(`mutation X { fulfillmentServiceCreate(name: "a", permitsSkuSharing: true) { userErrors { message } } }`);
    // THEN validation names it
    expect(validate(schema, doc).map((e) => e.message).join()).toMatch(/permitsSkuSharing/);
  });
});
