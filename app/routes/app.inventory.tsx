/** Inventory: SKU × warehouse, what is on hand, reserved and held back, with low stock highlighted. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Page, Spinner, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireShop } from "../auth/require-shop.server";
import { formatDateTime } from "../components/format";
import { inventoryMatrix, setSafetyBuffer, type InventoryCell } from "../db/queries/inventory.server";
import type { ChannelId } from "../domain/order";
import { useLocale, useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";
import { newCorrelationId } from "../lib/logger.server";
import { stockConnectionIds } from "../stock/stock-connection.server";
import { syncHealth } from "../stock/sync-health.server";
import { getAdminCommands, type StockSyncStatus } from "./admin-commands.server";

/** A manual sync's job id names its connection, so one shop can never follow another shop's job. */
const ownsSyncJob = (jobId: string, connectionId: number) => new RegExp(`^stock-${connectionId}-manual-\\d+$`).test(jobId);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop, settings } = await requireShop(request);
  const params = new URL(request.url).searchParams;
  const offset = Math.max(0, Math.min(1_000_000, Number(params.get("offset")) || 0));
  const matrix = await inventoryMatrix(db, shop.id, { search: params.get("q") ?? undefined, offset });
  const [connection] = await stockConnectionIds(db, shop.domain);
  // One line per storefront (Shopify first, then Etsy and TikTok), each synced on its own.
  const healthRows = connection ? await syncHealth(db, { now: new Date(), shopDomain: shop.domain }) : [];
  const health = healthRows[0];
  const jobId = params.get("sync");
  let sync: StockSyncStatus | { state: "gone" } | null = null;
  if (jobId && connection && ownsSyncJob(jobId, connection.connectionId)) {
    sync = (await getAdminCommands().stockSyncStatus(jobId)) ?? { state: "gone" };
  }
  return {
    ...matrix,
    offset,
    threshold: settings.lowStockThreshold,
    canSync: connection !== undefined,
    sync,
    health: health
      ? { lagP50Ms: health.lagP50Ms, lagP95Ms: health.lagP95Ms, pushes: health.pushes, failedPushes: health.failedPushes, pendingChanges: health.pendingChanges, lastPushedAt: health.lastPushedAt?.toISOString() ?? null }
      : null,
    connections: healthRows.map((h) => ({
      connectionId: h.connectionId,
      channel: h.channel as ChannelId,
      needsReauth: h.status === "needs_reauth",
      lagP95Ms: h.lagP95Ms,
      failedPushes: h.failedPushes,
      pendingChanges: h.pendingChanges,
      lastPushedAt: h.lastPushedAt?.toISOString() ?? null,
    })),
  };
};

const BufferForm = z.object({
  warehouseId: z.coerce.number().int().positive(),
  sku: z.string().min(1).max(200),
  safetyBuffer: z.coerce.number().int().min(0).max(1_000_000),
});

export const action = async ({ request }: ActionFunctionArgs): Promise<{ ok: boolean; key: MessageKey }> => {
  const { db, shop } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "sync-stock") {
    // Only the session shop's own connected storefront: another shop's connection id is never read from the form.
    const [connection] = await stockConnectionIds(db, shop.domain);
    if (!connection) return { ok: false, key: "inventory.sync.noConnection" };
    const jobId = await getAdminCommands().syncStockNow(connection.connectionId, newCorrelationId());
    throw redirect(`/app/inventory?sync=${encodeURIComponent(jobId)}`);
  }
  const parsed = BufferForm.safeParse(form);
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

const formatLag = (ms: number | null) => (ms === null ? "—" : ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`);

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** One storefront's sync health: channel, last push, lag p95, failures and what waits. */
function ConnectionHealth({ c }: { c: LoaderData["connections"][number] }) {
  const t = useT();
  const locale = useLocale();
  const line = t("inventory.health.line", {
    last: c.lastPushedAt ? formatDateTime(c.lastPushedAt, locale) : t("inventory.health.never"),
    p95: formatLag(c.lagP95Ms),
    failed: c.failedPushes,
    pending: c.pendingChanges,
  });
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Text as="span" fontWeight="semibold">{t(`channel.${c.channel}`)}</Text>
      <Text as="span" tone={c.failedPushes > 0 ? "critical" : "subdued"}>{line}</Text>
      {c.needsReauth && <Text as="span" tone="caution">{t("inventory.health.needsReauth")}</Text>}
    </InlineStack>
  );
}

function StockSync({ canSync, sync, connections }: Pick<LoaderData, "canSync" | "sync" | "connections">) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  const inFlight = sync?.state === "pending" || (sync?.state === "failed" && sync.willRetry);
  useEffect(() => {
    // Follow the job until it settles; the loader reads its state from BullMQ each time.
    if (!inFlight) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1_000);
    return () => clearInterval(timer);
  }, [inFlight, revalidator]);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">{t("inventory.sync.title")}</Text>
          <Form method="post">
            <input type="hidden" name="intent" value="sync-stock" />
            <Button submit disabled={!canSync || inFlight} loading={busy && !inFlight}>{t("inventory.sync.button")}</Button>
          </Form>
        </InlineStack>
        {!canSync && <Text as="p" tone="subdued">{t("inventory.sync.noConnection")}</Text>}
        {sync?.state === "pending" && (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel={t("inventory.sync.pending")} />
            <Text as="p">{t("inventory.sync.pending")}</Text>
          </InlineStack>
        )}
        {sync?.state === "done" && <Banner tone="success">{t("inventory.sync.done", { pushed: sync.pushed, considered: sync.considered })}</Banner>}
        {sync?.state === "skipped" && <Banner tone="warning">{t("inventory.sync.skipped", { reason: sync.reason })}</Banner>}
        {sync?.state === "failed" && <Banner tone={sync.willRetry ? "warning" : "critical"}>{t(sync.willRetry ? "inventory.sync.retrying" : "inventory.sync.failed", { reason: sync.reason })}</Banner>}
        {sync?.state === "gone" && <Banner tone="info">{t("inventory.sync.gone")}</Banner>}
        {connections.length > 0 && (
          <BlockStack gap="100">
            {connections.map((c) => (
              <ConnectionHealth key={c.connectionId} c={c} />
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Inventory() {
  const { warehouses, rows, hasMore, offset, threshold, canSync, sync, connections } = useLoaderData<typeof loader>();
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
        <StockSync canSync={canSync} sync={sync} connections={connections} />
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
