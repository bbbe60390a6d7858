/**
 * One SKU's customs data: HS code and national tariff codes per destination, origin, description,
 * value, weight, material and dangerous-goods attributes. The shared schema (app/skus) checks it;
 * each field shows its own error. Another shop's SKU answers 404, like a missing one.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { requireShop } from "../../auth/require-shop.server";
import { useT } from "../../i18n/i18n-context";
import { CUSTOMS_COLUMNS, LITHIUM_KINDS, NATIONAL_HS_DIGITS, NATIONAL_HS_KEYS, nationalColumn, OTHER_DG_CLASSES, type CustomsColumn, type FieldError, type LithiumKind } from "../../skus/customs-fields";
import { errorsByField, fieldLabelKey } from "../../skus/customs-messages";
import { customsToFields } from "../../skus/customs-record";
import { customsOf, findSku, saveSkuCustoms } from "../../skus/sku-customs.server";

const notFound = () => new Response("Not found", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const row = await findSku(db, shop.id, Number(params.id));
  if (!row) throw notFound();
  return { id: row.id, sku: row.sku, title: row.title, fields: customsToFields(row.sku, customsOf(row)), fromShopify: Boolean(row.channelRefs.shopify?.inventoryItemId) };
};

type ActionResult = { ok: true } | { ok: false; errors: FieldError[] };

export const action = async ({ request, params }: ActionFunctionArgs): Promise<ActionResult> => {
  const { db, shop } = await requireShop(request);
  const form = await request.formData();
  const raw: Record<string, string> = {};
  // A field the form does not show (watt-hours once the SKU has no lithium) arrives absent: blank, so it is cleared.
  for (const column of CUSTOMS_COLUMNS) raw[column] = form.getAll(column).map(String).join(";");
  delete raw.sku; // the SKU is the row's key; it is not edited here
  const result = await saveSkuCustoms(db, shop.id, Number(params.id), raw);
  if ("notFound" in result) throw notFound();
  return result;
};

export default function ProductCustoms() {
  const { fields } = useLoaderData<typeof loader>();
  // Remounted when the stored data changes (a save): the form then shows the values as stored,
  // normalised ("6912.00" → "691200"). A refused save stores nothing, so the merchant's input stays.
  return <CustomsForm key={JSON.stringify(fields)} />;
}

function CustomsForm() {
  const { sku, title, fields, fromShopify } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const [values, setValues] = useState<Record<CustomsColumn, string>>(fields);
  const errors = errorsByField(t, result && !result.ok ? result.errors : undefined);
  const classes = values.other_dg_classes.split(";").filter(Boolean);
  const lithium = values.lithium as LithiumKind;
  const text = (column: CustomsColumn, extra: { helpText?: string; type?: "text" | "number"; suffix?: string; placeholder?: string } = {}) => (
    <TextField
      label={t(fieldLabelKey(column))}
      name={column}
      value={values[column]}
      onChange={(v) => setValues({ ...values, [column]: v })}
      error={errors[column]}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <Page title={sku} subtitle={title ?? undefined} backAction={{ content: t("skus.title"), url: "/app/products" }}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok && <Banner tone="success">{t("skus.saved")}</Banner>}
          {result && !result.ok && <Banner tone="critical" title={t("skus.invalid")}>{t("skus.invalid.help", { count: result.errors.length })}</Banner>}
          {fromShopify && <Banner tone="info">{t("skus.fromShopify")}</Banner>}
          <Layout>
            <Layout.AnnotatedSection title={t("skus.section.classification")} description={t("skus.section.classification.help")}>
              <Card>
                <FormLayout>
                  {text("hs_code", { helpText: t("skus.help.hsCode"), placeholder: "610910" })}
                  <Text as="h3" variant="headingSm">{t("skus.national.title")}</Text>
                  <FormLayout.Group condensed>
                    {NATIONAL_HS_KEYS.slice(0, 3).map((k) => <div key={k}>{text(nationalColumn(k), { helpText: t("skus.help.digits", { digits: NATIONAL_HS_DIGITS[k].join(" / ") }) })}</div>)}
                  </FormLayout.Group>
                  <FormLayout.Group condensed>
                    {NATIONAL_HS_KEYS.slice(3).map((k) => <div key={k}>{text(nationalColumn(k), { helpText: t("skus.help.digits", { digits: NATIONAL_HS_DIGITS[k].join(" / ") }) })}</div>)}
                  </FormLayout.Group>
                  {text("country_of_origin", { helpText: t("skus.help.origin"), placeholder: "VN" })}
                  {text("customs_description", { helpText: t("skus.help.description") })}
                  {text("material", { helpText: t("skus.help.material") })}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("skus.section.value")} description={t("skus.section.value.help")}>
              <Card>
                <FormLayout>
                  <FormLayout.Group>
                    {text("unit_value", { placeholder: "12.50" })}
                    {text("currency", { placeholder: "USD" })}
                  </FormLayout.Group>
                  {text("weight_grams", { type: "number", suffix: "g" })}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("skus.section.dangerousGoods")} description={t("skus.section.dangerousGoods.help")}>
              <Card>
                <FormLayout>
                  <Select
                    label={t(fieldLabelKey("lithium"))}
                    name="lithium"
                    options={(Object.keys(LITHIUM_KINDS) as LithiumKind[]).map((k) => ({ label: t(`skus.lithium.${k}`), value: k }))}
                    value={lithium}
                    onChange={(v) => setValues({ ...values, lithium: v })}
                    error={errors.lithium}
                  />
                  {lithium !== "none" && (
                    <FormLayout.Group>
                      {lithium.startsWith("ion") ? text("watt_hours", { suffix: "Wh", helpText: t("skus.help.wattHours") }) : text("lithium_grams", { suffix: "g", helpText: t("skus.help.lithiumGrams") })}
                      {lithium.startsWith("ion") && text("watt_hours_per_cell", { suffix: "Wh" })}
                      {lithium.startsWith("ion") && text("state_of_charge_pct", { suffix: "%", helpText: t("skus.help.soc") })}
                    </FormLayout.Group>
                  )}
                  <BlockStack gap="100">
                    <Text as="p">{t(fieldLabelKey("other_dg_classes"))}</Text>
                    {OTHER_DG_CLASSES.map((c) => (
                      <Checkbox
                        key={c}
                        label={t(`skus.dgClass.${c}`)}
                        checked={classes.includes(c)}
                        onChange={(on) => setValues({ ...values, other_dg_classes: (on ? [...classes, c] : classes.filter((x) => x !== c)).join(";") })}
                      />
                    ))}
                    {classes.map((c) => <input key={c} type="hidden" name="other_dg_classes" value={c} />)}
                    {errors.other_dg_classes && <Text as="p" tone="critical">{errors.other_dg_classes}</Text>}
                  </BlockStack>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>{t("skus.save")}</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}
