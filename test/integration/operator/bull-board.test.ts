/**
 * Operators see the queues in bull-board; merchants and the public never do: it sits behind HTTP
 * basic auth, and is not mounted at all when no operator credentials are configured.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../../../app/server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
let withOps: WebServer;
let withoutOps: WebServer;
const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString("base64")}` });

beforeAll(async () => {
  world = await isolatedWorld();
  withOps = await startWebServer(testConfig(world, { OPERATOR_CREDENTIALS: "ops:s3cret-pass" }), { db: world, admin: false });
  withoutOps = await startWebServer(testConfig(world), { db: world, admin: false });
});
afterAll(async () => {
  await withOps?.close();
  await withoutOps?.close();
  await world?.cleanup();
});

describe("/operator/queues", () => {
  it("asks for operator credentials and refuses wrong ones", async () => {
    const anonymous = await fetch(`${withOps.url}/operator/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect((await fetch(`${withOps.url}/operator/queues`, { headers: basic("ops:wrong") })).status).toBe(401);
    expect((await fetch(`${withOps.url}/operator/queues/api/queues`, { headers: basic("merchant:s3cret-pass") })).status).toBe(401);
  });

  it("shows every Corridor queue to an operator", async () => {
    const page = await fetch(`${withOps.url}/operator/queues`, { headers: basic("ops:s3cret-pass") });
    expect(page.status).toBe(200);
    const api = await fetch(`${withOps.url}/operator/queues/api/queues`, { headers: basic("ops:s3cret-pass") });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(["dispatch", "ingest", "maintenance", "push-stock", "push-tracking", "route-order"]);
  });

  it("is not there at all without configured operator credentials", async () => {
    expect((await fetch(`${withoutOps.url}/operator/queues`)).status).toBe(404);
  });
});
