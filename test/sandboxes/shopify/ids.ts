/**
 * Ids as Shopify mints them: integers above 2^53, so any `Number()`/`JSON.parse` on the way
 * rounds them and a test notices (contract §2). Kept as bigint here, strings in GraphQL.
 */
const TWO_53 = 2n ** 53n;

export class IdMint {
  private next: bigint;
  constructor(seed = 820982911946154508n) {
    // Start above 2^53 and step by an odd amount so consecutive ids differ in their low digits.
    this.next = seed > TWO_53 ? seed : TWO_53 + seed;
  }
  mint(): bigint {
    this.next += 7919n;
    return this.next;
  }
}

export const gid = (type: string, id: bigint | string): string => `gid://shopify/${type}/${id}`;

/** The numeric part of `gid://shopify/<type>/<n>`, or undefined when it is not that type. */
export function parseGid(value: unknown, type: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)(?:\?.*)?$/.exec(value);
  return m && m[1] === type ? m[2] : undefined;
}
