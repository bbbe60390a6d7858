/** Create or edit a warehouse with its lanes, and check that its connector answers. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { requireShop } from "../../auth/require-shop.server";
import { violatedConstraint } from "../../db/pg-errors";
import { createWarehouse, getWarehouse, replaceLanes, updateWarehouse } from "../../db/queries/warehouses.server";
import { useT } from "../../i18n/i18n-context";
import { en } from "../../i18n/en";
import type { MessageKey, MessageVars } from "../../i18n/translate";
import { CONNECTORS, LANE_MODES, WarehouseFormSchema, type LaneForm } from "./schema";
import { testConnection } from "./test-connection.server";

const notFound = () => new Response("Not found", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  if (params.id === "new") return { warehouse: null, lanes: [] };
  const id = Number(params.id);
  const found = Number.isSafeInteger(id) ? await getWarehouse(db, shop.id, id) : undefined;
  if (!found) throw notFound();
  const { warehouse, lanes } = found;
  return {
    warehouse: {
      id: warehouse.id,
      code: warehouse.code,
      name: warehouse.name,
      connector: warehouse.connector,
      baseUrl: typeof warehouse.connectorConfig.baseUrl === "string" ? warehouse.connectorConfig.baseUrl : "",
      countryCode: warehouse.countryCode,
      kind: warehouse.kind,
      cutoffTime: warehouse.cutoffTime,
      timeZone: warehouse.timeZone,
      priority: warehouse.priority,
      handlingFee: warehouse.handlingFee,
      feeCurrency: warehouse.feeCurrency,
      lithium: warehouse.capabilities.lithium === true,
      ddp: warehouse.capabilities.ddp === true,
      dutiesPrepaid: warehouse.dutiesPrepaid,
      active: warehouse.active,
    },
    lanes: lanes.map(({ id: _id, warehouseId: _w, surcharges: _s, ...lane }) => lane),
  };
};

type ActionResult =
  | { kind: "invalid"; fields: Record<string, MessageKey> }
  | { kind: "saved" }
  | { kind: "connection"; tone: "success" | "critical" | "warning"; key: MessageKey; vars?: MessageVars };

export const action = async ({ request, params }: ActionFunctionArgs): Promise<ActionResult | Response> => {
  const { db, shop } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  const isNew = params.id === "new";
  const id = Number(params.id);
  if (!isNew && !Number.isSafeInteger(id)) throw notFound();

  if (form.intent === "test-connection") {
    const found = isNew ? undefined : await getWarehouse(db, shop.id, id);
    if (!found) throw notFound();
    return { kind: "connection", ...(await testConnection(found.warehouse)) };
  }

  const parsed = WarehouseFormSchema.safeParse(form);
  if (!parsed.success) {
    const fields: Record<string, MessageKey> = {};
    for (const issue of parsed.error.issues) {
      const key = `warehouse.error.${issue.message}`;
      fields[String(issue.path[0])] ??= key in en ? (key as MessageKey) : "warehouse.error.invalid";
    }
    return { kind: "invalid", fields };
  }
  const { lanes, baseUrl, lithium, ddp, ...rest } = parsed.data;
  const values = { ...rest, capabilities: { lithium, ddp } };
  try {
    if (isNew) {
      const created = await createWarehouse(db, shop.id, { ...values, connectorConfig: baseUrl ? { baseUrl } : {} });
      await replaceLanes(db, shop.id, created.id, lanes);
      return redirect(`/app/warehouses/${created.id}?saved=1`);
    }
    // Merged into the stored config (null removes the URL): the form never shows the connector's secrets.
    const updated = await updateWarehouse(db, shop.id, id, { ...values, connectorConfig: { baseUrl: baseUrl ?? null } });
    if (!updated) throw notFound();
    await replaceLanes(db, shop.id, id, lanes);
    return { kind: "saved" };
  } catch (error) {
    if (violatedConstraint(error) === "warehouses_shop_code_key") return { kind: "invalid", fields: { code: "warehouse.error.codeTaken" } };
    throw error;
  }
};

const EMPTY_LANE: LaneForm = {
  destinations: [],
  mode: "air",
  carrier: null,
  transitDaysMin: 5,
  transitDaysMax: 9,
  baseCost: 0,
  perKgCost: 0,
  currency: "USD",
  allowsLithium: false,
  ddp: false,
};

function LaneEditor({ lane, index, onChange, onRemove }: { lane: LaneForm; index: number; onChange: (l: LaneForm) => void; onRemove: () => void }) {
  const t = useT();
  const [destinations, setDestinations] = useState(lane.destinations.join(", "));
  const num = (v: string) => (v === "" ? 0 : Number(v));
  return (
    <Card background="bg-surface-secondary">
      <BlockStack gap="200">
        <InlineStack align="space-between">
          <Text as="h3" variant="headingSm">{t("warehouse.lane.title", { n: index + 1 })}</Text>
          <Button variant="plain" tone="critical" onClick={onRemove}>{t("warehouse.lane.remove")}</Button>
        </InlineStack>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
          <TextField
            label={t("warehouse.lane.destinations")}
            helpText={t("warehouse.lane.destinations.help")}
            value={destinations}
            onChange={(v) => {
              setDestinations(v);
              onChange({ ...lane, destinations: v.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) });
            }}
            autoComplete="off"
          />
          <Select label={t("warehouse.lane.mode")} options={LANE_MODES.map((m) => ({ label: t(`mode.${m}`), value: m }))} value={lane.mode} onChange={(v) => onChange({ ...lane, mode: v as LaneForm["mode"] })} />
          <TextField label={t("warehouse.lane.carrier")} value={lane.carrier ?? ""} onChange={(v) => onChange({ ...lane, carrier: v || null })} autoComplete="off" />
          <TextField label={t("warehouse.lane.transitMin")} type="number" value={String(lane.transitDaysMin)} onChange={(v) => onChange({ ...lane, transitDaysMin: num(v) })} autoComplete="off" />
          <TextField label={t("warehouse.lane.transitMax")} type="number" value={String(lane.transitDaysMax)} onChange={(v) => onChange({ ...lane, transitDaysMax: num(v) })} autoComplete="off" />
          <TextField label={t("warehouse.lane.currency")} value={lane.currency} onChange={(v) => onChange({ ...lane, currency: v.toUpperCase() })} autoComplete="off" />
          <TextField label={t("warehouse.lane.baseCost")} helpText={t("warehouse.minorUnits")} type="number" value={String(lane.baseCost)} onChange={(v) => onChange({ ...lane, baseCost: num(v) })} autoComplete="off" />
          <TextField label={t("warehouse.lane.perKgCost")} helpText={t("warehouse.minorUnits")} type="number" value={String(lane.perKgCost)} onChange={(v) => onChange({ ...lane, perKgCost: num(v) })} autoComplete="off" />
          <BlockStack>
            <Checkbox label={t("warehouse.lane.lithium")} checked={lane.allowsLithium} onChange={(v) => onChange({ ...lane, allowsLithium: v })} />
            <Checkbox label={t("warehouse.lane.ddp")} checked={lane.ddp} onChange={(v) => onChange({ ...lane, ddp: v })} />
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}

export default function WarehousePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const submit = useSubmit();
  const t = useT();
  const w = data.warehouse;
  const [fields, setFields] = useState({
    code: w?.code ?? "",
    name: w?.name ?? "",
    connector: w?.connector ?? "sandbox",
    baseUrl: w?.baseUrl ?? "",
    countryCode: w?.countryCode ?? "",
    kind: w?.kind ?? "overseas",
    cutoffTime: w?.cutoffTime ?? "14:00",
    timeZone: w?.timeZone ?? "UTC",
    priority: String(w?.priority ?? 0),
    handlingFee: String(w?.handlingFee ?? 0),
    feeCurrency: w?.feeCurrency ?? "USD",
  });
  const [flags, setFlags] = useState({ lithium: w?.lithium ?? false, ddp: w?.ddp ?? false, dutiesPrepaid: w?.dutiesPrepaid ?? false, active: w?.active ?? true });
  const [lanes, setLanes] = useState<LaneForm[]>(data.lanes as LaneForm[]);
  const errors = result?.kind === "invalid" ? result.fields : {};
  const err = (name: string) => (errors[name] ? t(errors[name]!) : undefined);
  const text = (name: keyof typeof fields, label: MessageKey, extra: { helpText?: string; type?: "number" | "text" } = {}) => (
    <TextField label={t(label)} name={name} value={fields[name]} onChange={(v) => setFields({ ...fields, [name]: v })} error={err(name)} autoComplete="off" {...extra} />
  );
  const [searchParams] = useSearchParams();
  const saved = result?.kind === "saved" || (!result && searchParams.has("saved"));

  return (
    <Page
      backAction={{ content: t("warehouses.title"), url: "/app/warehouses" }}
      title={w ? w.name : t("warehouse.new.title")}
      secondaryActions={w ? [{ content: t("warehouse.testConnection"), loading: busy, onAction: () => submit({ intent: "test-connection" }, { method: "post" }) }] : []}
    >
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <BlockStack gap="400">
          {saved && <Banner tone="success">{t("warehouse.saved")}</Banner>}
          {result?.kind === "invalid" && <Banner tone="critical">{t("warehouse.invalid")}</Banner>}
          {result?.kind === "connection" && <Banner tone={result.tone}>{t(result.key, result.vars)}</Banner>}
          <Layout>
            <Layout.AnnotatedSection title={t("warehouse.section.partner")} description={t("warehouse.section.partner.help")}>
              <Card>
                <FormLayout>
                  <FormLayout.Group>
                    {text("code", "warehouse.field.code", { helpText: t("warehouse.field.code.help") })}
                    {text("name", "warehouse.field.name")}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <Select label={t("warehouse.field.connector")} name="connector" options={CONNECTORS.map((c) => ({ label: t(`connector.${c}`), value: c }))} value={fields.connector} onChange={(v) => setFields({ ...fields, connector: v })} />
                    {text("baseUrl", "warehouse.field.baseUrl")}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    {text("countryCode", "warehouse.field.country", { helpText: t("warehouse.field.country.help") })}
                    <Select label={t("warehouse.field.kind")} name="kind" options={[{ label: t("warehouse.kind.origin"), value: "origin" }, { label: t("warehouse.kind.overseas"), value: "overseas" }]} value={fields.kind} onChange={(v) => setFields({ ...fields, kind: v as "origin" | "overseas" })} />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    {text("cutoffTime", "warehouse.field.cutoff")}
                    {text("timeZone", "warehouse.field.timeZone")}
                    {text("priority", "warehouse.field.priority", { type: "number" })}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    {text("handlingFee", "warehouse.field.handlingFee", { type: "number", helpText: t("warehouse.minorUnits") })}
                    {text("feeCurrency", "warehouse.field.feeCurrency")}
                  </FormLayout.Group>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("warehouse.section.capabilities")}>
              <Card>
                <BlockStack>
                  {(["lithium", "ddp", "dutiesPrepaid", "active"] as const).map((flag) => (
                    <Checkbox key={flag} label={t(`warehouse.flag.${flag}`)} checked={flags[flag]} onChange={(v) => setFlags({ ...flags, [flag]: v })} />
                  ))}
                  {(["lithium", "ddp", "dutiesPrepaid", "active"] as const).map((flag) => flags[flag] && <input key={flag} type="hidden" name={flag} value="on" />)}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("warehouse.section.lanes")} description={t("warehouse.section.lanes.help")}>
              <BlockStack gap="300">
                {err("lanes") && <Banner tone="critical">{err("lanes")}</Banner>}
                {lanes.map((lane, i) => (
                  <LaneEditor
                    key={i}
                    index={i}
                    lane={lane}
                    onChange={(l) => setLanes(lanes.map((x, j) => (j === i ? l : x)))}
                    onRemove={() => setLanes(lanes.filter((_, j) => j !== i))}
                  />
                ))}
                <input type="hidden" name="lanes" value={JSON.stringify(lanes)} />
                <Button onClick={() => setLanes([...lanes, { ...EMPTY_LANE }])}>{t("warehouse.lane.add")}</Button>
              </BlockStack>
            </Layout.AnnotatedSection>
          </Layout>
          <InlineStack align="end" gap="200">
            <Button submit variant="primary" loading={busy}>
              {t("warehouse.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}
