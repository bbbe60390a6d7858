/** Settings: how orders are routed, what is promised, when stock is low, customs registrations, and the admin's language. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireShop } from "../auth/require-shop.server";
import { readShopSettings, writeShopSettings } from "../db/queries/settings.server";
import { LANGUAGES, ROUTING_POLICIES, ShopSettingsSchema } from "../db/queries/shop-settings";
import { useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";
import { parseRegistrationsForm, REGISTRATION_FIELDS } from "../skus/customs-registrations";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  return { settings: await readShopSettings(db, shop.id) };
};

type ActionResult = { ok: true } | { ok: false; fields: string[] };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { db, shop } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = ShopSettingsSchema.safeParse({ ...form, notifyOnException: form.notifyOnException === "on" });
  // A post without the registration fields (an older form, a script) keeps the stored registrations.
  const registrations = REGISTRATION_FIELDS.some((f) => f in form) ? parseRegistrationsForm(form) : undefined;
  const fields = [...(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0]))), ...(registrations && !registrations.ok ? registrations.fields : [])];
  if (!parsed.success || fields.length) return { ok: false, fields: [...new Set(fields)] };
  await writeShopSettings(db, shop.id, registrations?.ok ? { ...parsed.data, customsRegistrations: registrations.registrations } : parsed.data);
  return { ok: true };
};

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const [values, setValues] = useState({ ...settings, promiseDays: String(settings.promiseDays), maxSplits: String(settings.maxSplits), lowStockThreshold: String(settings.lowStockThreshold) });
  const [registrations, setRegistrations] = useState<Record<string, string>>({ ...settings.customsRegistrations });
  // After a save, show the registrations as stored (normalised: "gb 123 4567 89" → "GB123456789").
  useEffect(() => {
    if (result?.ok) setRegistrations({ ...settings.customsRegistrations });
  }, [result, settings.customsRegistrations]);
  const invalid = (name: string) => (result && !result.ok && result.fields.includes(name) ? t(`settings.error.${name}` as MessageKey) : undefined);
  return (
    <Page title={t("settings.title")}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok && <Banner tone="success">{t("settings.saved")}</Banner>}
          {result && !result.ok && <Banner tone="critical">{t("settings.invalid")}</Banner>}
          <Layout>
            <Layout.AnnotatedSection title={t("settings.section.routing")} description={t("settings.section.routing.help")}>
              <Card>
                <FormLayout>
                  <Select
                    label={t("settings.routingPolicy")}
                    name="routingPolicy"
                    options={ROUTING_POLICIES.map((p) => ({ label: t(`settings.policy.${p}`), value: p }))}
                    value={values.routingPolicy}
                    onChange={(v) => setValues({ ...values, routingPolicy: v as typeof values.routingPolicy })}
                    helpText={t(`settings.policy.${values.routingPolicy}.help`)}
                  />
                  <FormLayout.Group>
                    <TextField label={t("settings.promiseDays")} name="promiseDays" type="number" value={values.promiseDays} onChange={(v) => setValues({ ...values, promiseDays: v })} error={invalid("promiseDays")} autoComplete="off" />
                    <TextField label={t("settings.maxSplits")} name="maxSplits" type="number" value={values.maxSplits} onChange={(v) => setValues({ ...values, maxSplits: v })} error={invalid("maxSplits")} autoComplete="off" />
                  </FormLayout.Group>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("settings.section.stock")}>
              <Card>
                <TextField label={t("settings.lowStockThreshold")} name="lowStockThreshold" type="number" value={values.lowStockThreshold} onChange={(v) => setValues({ ...values, lowStockThreshold: v })} error={invalid("lowStockThreshold")} helpText={t("settings.lowStockThreshold.help")} autoComplete="off" />
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("settings.section.customs")} description={t("settings.section.customs.help")}>
              <Card>
                <FormLayout>
                  {REGISTRATION_FIELDS.map((f) => (
                    <TextField
                      key={f}
                      label={t(`settings.customs.${f}`)}
                      name={f}
                      value={registrations[f] ?? ""}
                      onChange={(v) => setRegistrations({ ...registrations, [f]: v })}
                      error={invalid(f)}
                      helpText={t(`settings.customs.${f}.help`)}
                      autoComplete="off"
                    />
                  ))}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("settings.section.notifications")}>
              <Card>
                <Checkbox label={t("settings.notifyOnException")} checked={values.notifyOnException} onChange={(v) => setValues({ ...values, notifyOnException: v })} />
                {values.notifyOnException && <input type="hidden" name="notifyOnException" value="on" />}
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title={t("settings.section.language")}>
              <Card>
                <Select
                  label={t("settings.language")}
                  name="language"
                  options={LANGUAGES.map((l) => ({ label: t(`settings.language.${l}`), value: l }))}
                  value={values.language}
                  onChange={(v) => setValues({ ...values, language: v as typeof values.language })}
                />
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>{t("settings.save")}</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}
