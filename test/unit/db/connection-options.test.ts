import { describe, expect, it } from "vitest";
import { connectionOptions } from "../../../app/db/client.server";

describe("DATABASE_URL → postgres.js options", () => {
  it("turns libpq's ?host=/socket/dir into postgres.js's host option and drops it from the URL", () => {
    expect(connectionOptions("postgres://postgres@localhost:5433/corridor?host=/var/run/postgresql")).toEqual({ url: "postgres://postgres@localhost:5433/corridor", host: "/var/run/postgresql" });
  });
  it("keeps a TCP URL, and a host parameter that is not a path, as they are", () => {
    expect(connectionOptions("postgres://postgres@127.0.0.1:5432/corridor")).toEqual({ url: "postgres://postgres@127.0.0.1:5432/corridor" });
    expect(connectionOptions("postgres://u@db/corridor?host=db2&sslmode=require")).toEqual({ url: "postgres://u@db/corridor?host=db2&sslmode=require" });
  });
});
