/** Warehouses: the partner warehouses orders can be routed to. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth/require-shop.server";
import { listWarehouses } from "../db/queries/warehouses.server";
import { useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  return { warehouses: await listWarehouses(db, shop.id) };
};

export default function Warehouses() {
  const { warehouses } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Page title={t("warehouses.title")} primaryAction={{ content: t("warehouses.add"), url: "/app/warehouses/new" }}>
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: t("warehouses.resource.one"), plural: t("warehouses.resource.many") }}
          itemCount={warehouses.length}
          selectable={false}
          emptyState={<EmptyState heading={t("warehouses.empty.title")} action={{ content: t("warehouses.add"), url: "/app/warehouses/new" }} image=""><p>{t("warehouses.empty.body")}</p></EmptyState>}
          headings={[{ title: t("warehouses.col.name") }, { title: t("warehouses.col.code") }, { title: t("warehouses.col.kind") }, { title: t("warehouses.col.country") }, { title: t("warehouses.col.connector") }, { title: t("warehouses.col.lanes") }, { title: t("warehouses.col.status") }]}
        >
          {warehouses.map((w, index) => (
            <IndexTable.Row id={String(w.id)} key={w.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/warehouses/${w.id}`} removeUnderline>
                  <Text as="span" fontWeight="semibold">{w.name}</Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{w.code}</IndexTable.Cell>
              <IndexTable.Cell>{t(`warehouse.kind.${w.kind}`)}</IndexTable.Cell>
              <IndexTable.Cell>{w.countryCode}</IndexTable.Cell>
              <IndexTable.Cell>{t(`connector.${w.connector}` as MessageKey)}</IndexTable.Cell>
              <IndexTable.Cell>{w.laneCount}</IndexTable.Cell>
              <IndexTable.Cell>{w.active ? <Badge tone="success">{t("warehouses.active")}</Badge> : <Badge>{t("warehouses.inactive")}</Badge>}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
