/**
 * Shopify's calculated query cost and leaky bucket (contract §5). Requested cost is computed from
 * the query before execution: scalars and enums 0, each object 1, a connection 2 + first/last ×
 * the cost of one node, every mutation field 10. A call runs only if the bucket holds its
 * requested cost; the difference to the actual cost is refunded afterwards.
 */
import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export interface Plan {
  maximumAvailable: number;
  restoreRate: number;
}

/** Restore rates are documented; bucket sizes are the commonly quoted 20× (unverified, §5). */
export const PLANS = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
  enterprise: { maximumAvailable: 40000, restoreRate: 2000 },
} as const satisfies Record<string, Plan>;

export type PlanName = keyof typeof PLANS;

export const MAX_SINGLE_QUERY_COST = 1000;
export const MUTATION_COST = 10;

export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  if (operation.operation === "mutation") {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const root = schema.getQueryType();
  return root ? selectionCost(root, operation.selectionSet) : 0;

  function selectionCost(parent: GraphQLCompositeType, set: SelectionSetNode): number {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) total += fieldCost(parent, sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (t && isCompositeType(t)) total += selectionCost(t, sel.selectionSet);
      } else {
        const frag = fragments[sel.name.value];
        const t = frag && schema.getType(frag.typeCondition.name.value);
        if (frag && t && isCompositeType(t)) total += selectionCost(t, frag.selectionSet);
      }
    }
    return total;
  }

  function fieldCost(parent: GraphQLCompositeType, field: FieldNode): number {
    if (!(isObjectType(parent) || isInterfaceType(parent)) || !field.selectionSet) return 0;
    const def = parent.getFields()[field.name.value];
    if (!def) return 0;
    const type = getNamedType(def.type);
    if (!isCompositeType(type)) return 0;
    if (type.name.endsWith("Connection") && (isObjectType(type) || isInterfaceType(type))) {
      const size = Number(argValue(field, "first") ?? argValue(field, "last") ?? 0);
      let perNode = 0;
      for (const sel of field.selectionSet.selections) {
        if (sel.kind !== Kind.FIELD) continue;
        const sub = type.getFields()[sel.name.value];
        const subType = sub && getNamedType(sub.type);
        if (!sel.selectionSet || !subType || !isCompositeType(subType)) continue;
        if (sel.name.value === "nodes") perNode += 1 + selectionCost(subType, sel.selectionSet);
        else if (sel.name.value === "edges") perNode += selectionCost(subType, sel.selectionSet);
      }
      return 2 + size * perNode;
    }
    return 1 + selectionCost(type, field.selectionSet);
  }

  function argValue(field: FieldNode, name: string): unknown {
    const arg = field.arguments?.find((a) => a.name.value === name);
    return arg ? literal(arg.value) : undefined;
  }

  function literal(node: ValueNode): unknown {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    return undefined;
  }
}

/** Counts the objects a response actually returned, which is what Shopify charges in the end. */
export function actualCost(data: unknown, isMutation: boolean, requested: number): number {
  if (isMutation) return requested;
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      n += 1;
      Object.values(v).forEach(walk);
    }
  };
  walk(data);
  return Math.min(requested, Math.max(0, n - 1)); // the `data` envelope itself is free
}

/** The per-app-per-shop leaky bucket, refilled continuously at restoreRate points/s. */
export class CostBucket {
  private available: number;
  private at: number;
  constructor(readonly plan: Plan, private readonly now: () => number) {
    this.available = plan.maximumAvailable;
    this.at = now();
  }
  currentlyAvailable(): number {
    const t = this.now();
    this.available = Math.min(this.plan.maximumAvailable, this.available + ((t - this.at) / 1000) * this.plan.restoreRate);
    this.at = t;
    return this.available;
  }
  tryTake(cost: number): boolean {
    if (this.currentlyAvailable() < cost) return false;
    this.available -= cost;
    return true;
  }
  refund(points: number): void {
    this.currentlyAvailable();
    this.available = Math.min(this.plan.maximumAvailable, this.available + points);
  }
  status() {
    return { maximumAvailable: this.plan.maximumAvailable, currentlyAvailable: Math.floor(this.currentlyAvailable()), restoreRate: this.plan.restoreRate };
  }
}
