/** The products page's two bulk ways in: a customs CSV (checked first, or imported) and Shopify's inventory items. */
import { useActionData, useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DropZone, InlineStack, List, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useT } from "../../i18n/i18n-context";
import type { MessageKey, MessageVars } from "../../i18n/translate";
import { CUSTOMS_COLUMNS } from "../../skus/customs-fields";
import { describeFieldError } from "../../skus/customs-messages";
import type { CsvImportSummary } from "../../skus/import-customs-csv.server";
import type { PullSummary } from "../../skus/pull-shopify-customs.server";
import type { loader as exportLoader } from "../app.products.export";

export type ProductsActionResult =
  | { kind: "csv"; ok: true; summary: CsvImportSummary & { rejectedCount: number } }
  | { kind: "csv"; ok: false; key: MessageKey; vars?: MessageVars }
  | { kind: "pull"; ok: true; summary: PullSummary }
  | { kind: "pull"; ok: false; reason: string }
  | { kind: "unknown" };

function useResult<K extends ProductsActionResult["kind"]>(kind: K) {
  const result = useActionData<ProductsActionResult>() as ProductsActionResult | undefined;
  return result?.kind === kind ? (result as Extract<ProductsActionResult, { kind: K }>) : undefined;
}

/** Fetches the shop's data as CSV and hands it to the browser as a file download. */
function DownloadCsvButton() {
  const t = useT();
  const fetcher = useFetcher<typeof exportLoader>();
  const saved = useRef<unknown>(null);
  useEffect(() => {
    if (!fetcher.data || saved.current === fetcher.data) return;
    saved.current = fetcher.data;
    const url = URL.createObjectURL(new Blob([fetcher.data.csv], { type: "text/csv;charset=utf-8" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: fetcher.data.filename });
    link.click();
    URL.revokeObjectURL(url);
  }, [fetcher.data]);
  return (
    <Button variant="plain" loading={fetcher.state !== "idle"} onClick={() => fetcher.load("/app/products/export")}>
      {t("skus.csv.download")}
    </Button>
  );
}

export function CsvImportCard() {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [file, setFile] = useState<File | null>(null);
  const result = useResult("csv");
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const send = (intent: "check-csv" | "import-csv") => {
    if (!file) return;
    const data = new FormData();
    data.append("intent", intent);
    data.append("file", file);
    submit(data, { method: "post", encType: "multipart/form-data" });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t("skus.csv.title")}</Text>
        <Text as="p" tone="subdued">{t("skus.csv.help")}</Text>
        <DropZone accept=".csv,text/csv" type="file" allowMultiple={false} label={t("skus.csv.file")} labelHidden onDropAccepted={([f]) => setFile(f ?? null)}>
          {file ? (
            <div style={{ display: "flex", flexDirection: "column", alignItems: "center", justifyContent: "center", minHeight: "100%", padding: "var(--p-space-400)" }}>
              <Text as="span" fontWeight="semibold">{file.name}</Text>
              <Text as="span" variant="bodySm" tone="subdued">{t("skus.csv.replace")}</Text>
            </div>
          ) : (
            <DropZone.FileUpload actionTitle={t("skus.csv.choose")} actionHint={t("skus.csv.hint")} />
          )}
        </DropZone>
        <Text as="p" variant="bodySm" tone="subdued">{t("skus.csv.columns", { columns: CUSTOMS_COLUMNS.join(", ") })}</Text>
        <InlineStack>
          <DownloadCsvButton />
        </InlineStack>
        <InlineStack gap="200" align="end">
          <Button disabled={!file} loading={busyIntent === "check-csv"} onClick={() => send("check-csv")}>{t("skus.csv.check")}</Button>
          <Button variant="primary" disabled={!file} loading={busyIntent === "import-csv"} onClick={() => send("import-csv")}>{t("skus.csv.import")}</Button>
        </InlineStack>
        {result && !result.ok && <Banner tone="critical">{t(result.key, result.vars)}</Banner>}
        {result?.ok && <CsvSummary summary={result.summary} />}
      </BlockStack>
    </Card>
  );
}

function CsvSummary({ summary }: { summary: CsvImportSummary & { rejectedCount: number } }) {
  const t = useT();
  const counts = { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejectedCount };
  const tone = summary.rejectedCount === 0 ? "success" : summary.created + summary.updated + summary.unchanged > 0 ? "warning" : "critical";
  return (
    <Banner tone={tone} title={t(summary.dryRun ? "skus.csv.checked" : "skus.csv.imported")}>
      <BlockStack gap="200">
        <Text as="p">{t(summary.dryRun ? "skus.csv.summary.dryRun" : "skus.csv.summary", counts)}</Text>
        {summary.rejected.length > 0 && (
          <List type="bullet">
            {summary.rejected.map((r) => (
              <List.Item key={r.line}>
                {t("skus.csv.line", { line: r.line, sku: r.sku || "—" })} {r.errors.map((e) => describeFieldError(t, e)).join(" ")}
              </List.Item>
            ))}
          </List>
        )}
        {summary.rejectedCount > summary.rejected.length && <Text as="p">{t("skus.csv.more", { count: summary.rejectedCount - summary.rejected.length })}</Text>}
      </BlockStack>
    </Banner>
  );
}

export function ShopifyPullCard() {
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useResult("pull");
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "pull-shopify";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t("skus.pull.title")}</Text>
        <Text as="p" tone="subdued">{t("skus.pull.help")}</Text>
        <InlineStack align="end">
          <Button loading={busy} onClick={() => submit({ intent: "pull-shopify" }, { method: "post" })}>{t("skus.pull.action")}</Button>
        </InlineStack>
        {result && !result.ok && <Banner tone="critical">{t("skus.pull.failed", { reason: result.reason })}</Banner>}
        {result?.ok && (
          <Banner tone={result.summary.skipped.length ? "warning" : "success"} title={t("skus.pull.done")}>
            <BlockStack gap="200">
              <Text as="p">{t("skus.pull.summary", { items: result.summary.items, created: result.summary.created, filled: result.summary.filled, unchanged: result.summary.unchanged })}</Text>
              {result.summary.skipped.length > 0 && (
                <List type="bullet">
                  {result.summary.skipped.slice(0, 50).map((s) => (
                    <List.Item key={s.sku}>{s.sku}: {s.errors.map((e) => describeFieldError(t, e)).join(" ")}</List.Item>
                  ))}
                </List>
              )}
            </BlockStack>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
