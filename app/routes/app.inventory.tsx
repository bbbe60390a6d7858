/** Inventory: SKU × warehouse, what is on hand, reserved and held back, with low stock highlighted. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireShop } from "../auth/require-shop.server";
import { inventoryMatrix, setSafetyBuffer, type InventoryCell } from "../db/queries/inventory.server";
import { useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop, settings } = await requireShop(request);
  const params = new URL(request.url).searchParams;
  const offset = Math.max(0, Math.min(1_000_000, Number(params.get("offset")) || 0));
  const matrix = await inventoryMatrix(db, shop.id, { search: params.get("q") ?? undefined, offset });
  return { ...matrix, offset, threshold: settings.lowStockThreshold };
};

const BufferForm = z.object({
  warehouseId: z.coerce.number().int().positive(),
  sku: z.string().min(1).max(200),
  safetyBuffer: z.coerce.number().int().min(0).max(1_000_000),
});

export const action = async ({ request }: ActionFunctionArgs): Promise<{ ok: boolean; key: MessageKey }> => {
  const { db, shop } = await requireShop(request);
  const parsed = BufferForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false, key: "inventory.buffer.invalid" };
  const { warehouseId, sku, safetyBuffer } = parsed.data;
  const changed = await setSafetyBuffer(db, shop.id, warehouseId, sku, safetyBuffer);
  return changed ? { ok: true, key: "inventory.buffer.saved" } : { ok: false, key: "inventory.buffer.notFound" };
};

function Cell({ sku, warehouseId, cell, threshold }: { sku: string; warehouseId: number; cell?: InventoryCell; threshold: number }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [buffer, setBuffer] = useState(String(cell?.safetyBuffer ?? 0));
  const busy = useNavigation().state === "submitting";
  if (!cell) {
    return (
      <Box padding="150">
        <Text as="span" tone="subdued">—</Text>
      </Box>
    );
  }
  const low = cell.sellable <= threshold;
  return (
    <Box padding="150" borderRadius="150" background={cell.sellable <= 0 ? "bg-fill-critical-secondary" : low ? "bg-fill-caution-secondary" : undefined}>
      <BlockStack gap="050">
        <Text as="span" variant="headingSm" tone={low ? "critical" : undefined}>
          {t("inventory.cell.sellable", { n: cell.sellable })}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          {t("inventory.cell.detail", { onHand: cell.onHand, reserved: cell.reserved, buffer: cell.safetyBuffer })}
        </Text>
        {editing ? (
          <Form method="post" onSubmit={() => setEditing(false)}>
            <input type="hidden" name="warehouseId" value={warehouseId} />
            <input type="hidden" name="sku" value={sku} />
            <InlineStack gap="100" blockAlign="end" wrap={false}>
              <div style={{ width: 80 }}>
                <TextField label={t("inventory.buffer.label")} labelHidden name="safetyBuffer" type="number" min={0} value={buffer} onChange={setBuffer} autoComplete="off" autoFocus />
              </div>
              <Button submit size="slim" loading={busy}>{t("inventory.buffer.save")}</Button>
            </InlineStack>
          </Form>
        ) : (
          <InlineStack>
            <Button variant="plain" onClick={() => setEditing(true)} accessibilityLabel={t("inventory.buffer.editLabel", { sku })}>
              {t("inventory.buffer.edit")}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Box>
  );
}

export default function Inventory() {
  const { warehouses, rows, hasMore, offset, threshold } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const t = useT();
  const page = (next: number) => {
    const p = new URLSearchParams(params);
    p.set("offset", String(next));
    setParams(p);
  };
  return (
    <Page title={t("inventory.title")} subtitle={t("inventory.subtitle", { threshold })}>
      <BlockStack gap="300">
        {result && <Banner tone={result.ok ? "success" : "critical"}>{t(result.key)}</Banner>}
        <Card>
          <form role="search" onSubmit={(e) => { e.preventDefault(); setParams(search ? { q: search } : {}); }}>
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div style={{ flex: 1 }}>
                <TextField label={t("inventory.search")} value={search} onChange={setSearch} autoComplete="off" />
              </div>
              <Button submit>{t("orders.search.submit")}</Button>
            </InlineStack>
          </form>
        </Card>
        <Card padding="0">
          {rows.length === 0 ? (
            <EmptyState heading={t("inventory.empty.title")} image=""><p>{t("inventory.empty.body")}</p></EmptyState>
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table style={{ borderCollapse: "collapse", width: "100%" }}>
                <thead>
                  <tr>
                    <th style={{ textAlign: "left", padding: 12 }}><Text as="span" variant="headingSm">{t("inventory.col.sku")}</Text></th>
                    {warehouses.map((w) => (
                      <th key={w.id} style={{ textAlign: "left", padding: 12 }}><Text as="span" variant="headingSm">{`${w.name} (${w.code})`}</Text></th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.sku} style={{ borderTop: "1px solid var(--p-color-border-secondary)" }}>
                      <td style={{ padding: 12, verticalAlign: "top" }}><Text as="span" fontWeight="semibold">{row.sku}</Text></td>
                      {warehouses.map((w) => (
                        <td key={w.id} style={{ padding: 8, verticalAlign: "top" }}>
                          <Cell sku={row.sku} warehouseId={w.id} cell={row.cells[w.id]} threshold={threshold} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <InlineStack align="end" gap="200">
          <Button disabled={offset === 0} onClick={() => page(Math.max(0, offset - 100))}>{t("inventory.page.previous")}</Button>
          <Button disabled={!hasMore} onClick={() => page(offset + 100)}>{t("orders.page.next")}</Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
