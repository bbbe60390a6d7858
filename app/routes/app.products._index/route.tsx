/**
 * Products: each SKU's customs data (HS codes, origin, description, dangerous goods), searched and
 * filtered on the server and keyset-paginated, with the two bulk ways in: a CSV upload and an
 * import from Shopify's inventory items. Every read and write is scoped to the session's shop.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Link, Page, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireShop } from "../../auth/require-shop.server";
import { getConfig } from "../../config.server";
import { useT } from "../../i18n/i18n-context";
import { logger } from "../../lib/logger.server";
import { NATIONAL_HS_KEYS, type OtherDgClass } from "../../skus/customs-fields";
import { CsvFileError, importCustomsCsv, MAX_CSV_BYTES } from "../../skus/import-customs-csv.server";
import { pullCustomsFromShopify } from "../../skus/pull-shopify-customs.server";
import { countSkuGaps, listSkus } from "../../skus/sku-customs.server";
import { SKU_FILTERS, type SkuFilter } from "../../skus/sku-filters";
import { CsvImportCard, ShopifyPullCard, type ProductsActionResult } from "./import-cards";

/** Rejected lines sent back to the page; the summary still counts every one. */
const MAX_REJECTIONS_SHOWN = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const params = new URL(request.url).searchParams;
  const filter = SKU_FILTERS.find((f) => f === params.get("filter"));
  const [page, gaps] = await Promise.all([
    listSkus(db, shop.id, { search: params.get("q")?.trim().slice(0, 100) || undefined, filter, after: params.get("after") ?? undefined }),
    countSkuGaps(db, shop.id),
  ]);
  return {
    rows: page.rows.map((r) => ({
      id: r.id,
      sku: r.sku,
      title: r.title,
      hsCode: r.hsCode,
      national: NATIONAL_HS_KEYS.filter((k) => r.hsCodesByCountry[k]),
      countryOfOrigin: r.countryOfOrigin,
      customsDescription: r.customsDescription,
      lithium: r.dangerousGoods.lithium && r.dangerousGoods.lithium !== "none" ? r.dangerousGoods.lithium : null,
      otherClasses: (r.dangerousGoods.otherClasses ?? []) as OtherDgClass[],
    })),
    nextCursor: page.nextCursor,
    gaps,
  };
};

export const action = async ({ request }: ActionFunctionArgs): Promise<ProductsActionResult> => {
  const { db, shop } = await requireShop(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "pull-shopify") {
    const outcome = await pullCustomsFromShopify({ db, config: getConfig(), logger: logger.child({ shop: shop.domain }) }, shop.domain);
    return outcome.ok ? { kind: "pull", ok: true, summary: outcome.summary } : { kind: "pull", ok: false, reason: outcome.reason };
  }
  if (intent === "check-csv" || intent === "import-csv") {
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) return { kind: "csv", ok: false, key: "skus.csv.noFile" };
    if (file.size > MAX_CSV_BYTES) return { kind: "csv", ok: false, key: "skus.csv.tooLarge", vars: { mb: MAX_CSV_BYTES / 1024 / 1024 } };
    try {
      const summary = await importCustomsCsv(db, shop.id, await file.text(), { dryRun: intent === "check-csv" });
      logger.info({ shop: shop.domain, ...summary, rejected: summary.rejected.length }, "customs CSV imported");
      return { kind: "csv", ok: true, summary: { ...summary, rejectedCount: summary.rejected.length, rejected: summary.rejected.slice(0, MAX_REJECTIONS_SHOWN) } };
    } catch (error) {
      if (error instanceof CsvFileError) return { kind: "csv", ok: false, key: error.key, vars: error.vars };
      throw error;
    }
  }
  return { kind: "unknown" };
};

export default function Products() {
  const { rows, nextCursor, gaps } = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  useEffect(() => setSearch(params.get("q") ?? ""), [params]);

  const apply = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("after" in changes)) next.delete("after");
    navigate(`?${next.toString()}`);
  };
  const tabs: { id: "" | SkuFilter; count: number }[] = [{ id: "", count: gaps.total }, ...SKU_FILTERS.map((f) => ({ id: f, count: gaps[f] }))];
  const selected = Math.max(0, tabs.findIndex((tab) => tab.id === (params.get("filter") ?? "")));

  return (
    <Page title={t("skus.title")} subtitle={t("skus.subtitle")}>
      <BlockStack gap="400">
        <BlockStack gap="300">
          <Card padding="0">
            <Tabs
              tabs={tabs.map((tab) => ({ id: `filter-${tab.id || "all"}`, content: t(`skus.filter.${tab.id || "all"}`), badge: String(tab.count) }))}
              selected={selected}
              onSelect={(index) => apply({ filter: tabs[index]!.id })}
            />
            <div style={{ padding: "var(--p-space-300)" }}>
              <form
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  apply({ q: search.trim() });
                }}
              >
                <InlineStack gap="200" blockAlign="end" wrap={false}>
                  <div style={{ flex: 1 }}>
                    <TextField label={t("skus.search")} labelHidden value={search} onChange={setSearch} autoComplete="off" placeholder={t("skus.search.placeholder")} />
                  </div>
                  <Button submit>{t("skus.search.submit")}</Button>
                </InlineStack>
              </form>
            </div>
            <IndexTable
              resourceName={{ singular: t("skus.resource.one"), plural: t("skus.resource.many") }}
              itemCount={rows.length}
              selectable={false}
              emptyState={<EmptyState heading={t("skus.empty.title")} image=""><p>{t("skus.empty.body")}</p></EmptyState>}
              headings={[{ title: t("skus.col.sku") }, { title: t("skus.col.hsCode") }, { title: t("skus.col.origin") }, { title: t("skus.col.description") }, { title: t("skus.col.dangerousGoods") }]}
            >
              {rows.map((row, index) => (
                <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Link url={`/app/products/${row.id}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">{row.sku}</Text>
                      </Link>
                      {row.title && <Text as="span" tone="subdued" variant="bodySm">{row.title}</Text>}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.hsCode ? (
                      <BlockStack gap="050">
                        <Text as="span">{row.hsCode}</Text>
                        {row.national.length > 0 && <Text as="span" tone="subdued" variant="bodySm">+ {row.national.join(" · ")}</Text>}
                      </BlockStack>
                    ) : (
                      <Badge tone="warning">{t("skus.missing")}</Badge>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.countryOfOrigin ?? <Badge tone="warning">{t("skus.missing")}</Badge>}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" tone={row.customsDescription ? undefined : "subdued"}>{row.customsDescription ?? "—"}</Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      {row.lithium && <Badge tone="attention">{t(`skus.lithium.${row.lithium}`)}</Badge>}
                      {row.otherClasses.map((c) => (
                        <Badge key={c} tone="attention">{t(`skus.dgClass.${c}`)}</Badge>
                      ))}
                      {!row.lithium && row.otherClasses.length === 0 && <Text as="span" tone="subdued">—</Text>}
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
          <InlineStack align="end" gap="200">
            {params.get("after") && <Button onClick={() => apply({ after: "" })}>{t("skus.page.first")}</Button>}
            <Button disabled={!nextCursor} onClick={() => nextCursor && apply({ after: nextCursor })}>{t("skus.page.next")}</Button>
          </InlineStack>
        </BlockStack>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400" alignItems="start">
          <CsvImportCard />
          <ShopifyPullCard />
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
