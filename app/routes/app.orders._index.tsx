/** Orders: every channel's orders in one table, filtered and searched on the server, keyset-paginated. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { formatDateTime } from "../components/format";
import { StageBadge } from "../components/stage-badge";
import { requireShop } from "../auth/require-shop.server";
import { listOrders, orderFilterOptions, type OrderFilters } from "../db/queries/orders.server";
import { CHANNELS, ORDER_STAGES } from "../db/queries/vocabulary";
import { useLocale, useT } from "../i18n/i18n-context";

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

export function parseOrderFilters(params: URLSearchParams): OrderFilters {
  const warehouse = Number(params.get("warehouse"));
  return {
    channel: pick(params.get("channel"), CHANNELS),
    stage: pick(params.get("stage"), ORDER_STAGES),
    warehouseId: Number.isSafeInteger(warehouse) && warehouse > 0 ? warehouse : undefined,
    destination: /^[A-Za-z]{2}$/.test(params.get("destination") ?? "") ? params.get("destination")! : undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    search: params.get("q")?.slice(0, 100) ?? undefined,
    after: params.get("after") ?? undefined,
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const filters = parseOrderFilters(new URL(request.url).searchParams);
  const [page, options] = await Promise.all([listOrders(db, shop.id, filters), orderFilterOptions(db, shop.id)]);
  return { ...page, options };
};

export default function Orders() {
  const { rows, nextCursor, options } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  useEffect(() => setSearch(params.get("q") ?? ""), [params]);

  const apply = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("after");
    navigate(`?${next.toString()}`);
  };
  const all = { label: t("orders.filter.all"), value: "" };

  return (
    <Page title={t("orders.title")}>
      <BlockStack gap="300">
        <Card>
          <BlockStack gap="300">
            <form
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                apply("q", search.trim());
              }}
            >
              <InlineStack gap="200" blockAlign="end" wrap={false}>
                <div style={{ flex: 1 }}>
                  <TextField label={t("orders.search")} value={search} onChange={setSearch} autoComplete="off" placeholder={t("orders.search.placeholder")} />
                </div>
                <Button submit>{t("orders.search.submit")}</Button>
              </InlineStack>
            </form>
            <InlineGrid columns={{ xs: 2, md: 6 }} gap="200">
              <Select
                label={t("orders.filter.channel")}
                options={[all, ...CHANNELS.map((c) => ({ label: t(`channel.${c}`), value: c }))]}
                value={params.get("channel") ?? ""}
                onChange={(v) => apply("channel", v)}
              />
              <Select
                label={t("orders.filter.stage")}
                options={[all, ...ORDER_STAGES.map((s) => ({ label: t(`stage.${s}`), value: s }))]}
                value={params.get("stage") ?? ""}
                onChange={(v) => apply("stage", v)}
              />
              <Select
                label={t("orders.filter.warehouse")}
                options={[all, ...options.warehouses.map((w) => ({ label: w.name, value: String(w.id) }))]}
                value={params.get("warehouse") ?? ""}
                onChange={(v) => apply("warehouse", v)}
              />
              <Select
                label={t("orders.filter.destination")}
                options={[all, ...options.countries.map((c) => ({ label: c, value: c }))]}
                value={params.get("destination") ?? ""}
                onChange={(v) => apply("destination", v)}
              />
              <TextField label={t("orders.filter.from")} type="date" value={params.get("from") ?? ""} onChange={(v) => apply("from", v)} autoComplete="off" />
              <TextField label={t("orders.filter.to")} type="date" value={params.get("to") ?? ""} onChange={(v) => apply("to", v)} autoComplete="off" />
            </InlineGrid>
          </BlockStack>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("orders.resource.one"), plural: t("orders.resource.many") }}
            itemCount={rows.length}
            selectable={false}
            emptyState={<EmptyState heading={t("orders.empty.title")} image=""><p>{t("orders.empty.body")}</p></EmptyState>}
            headings={[
              { title: t("orders.col.order") },
              { title: t("orders.col.channel") },
              { title: t("orders.col.stage") },
              { title: t("orders.col.destination") },
              { title: t("orders.col.warehouses") },
              { title: t("orders.col.placed") },
            ]}
          >
            {rows.map((row, index) => (
              <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/orders/${row.id}`} removeUnderline>
                    <Text as="span" fontWeight="semibold">
                      {row.name}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge>{t(`channel.${row.channel}`)}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <StageBadge stage={row.stage} />
                </IndexTable.Cell>
                <IndexTable.Cell>{row.destinationCountry}</IndexTable.Cell>
                <IndexTable.Cell>{row.warehouses.join(", ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>{formatDateTime(row.placedAt, locale)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <InlineStack align="end" gap="200">
          {params.get("after") && <Button onClick={() => apply("after", "")}>{t("orders.page.first")}</Button>}
          <Button disabled={!nextCursor} onClick={() => nextCursor && goToPage(params, navigate, nextCursor)}>
            {t("orders.page.next")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

function goToPage(params: URLSearchParams, navigate: (to: string) => void, cursor: string) {
  const next = new URLSearchParams(params);
  next.set("after", cursor);
  navigate(`?${next.toString()}`);
}
