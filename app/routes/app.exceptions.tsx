/** Exceptions: the work that needs a human, in plain words, with retry / dismiss, one by one or in bulk. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Tabs, Text, useIndexResourceState } from "@shopify/polaris";
import { formatDateTime } from "../components/format";
import { requireShop } from "../auth/require-shop.server";
import { closeExceptions, listExceptions, openExceptionsByIds, type ExceptionStatus } from "../db/queries/exceptions.server";
import { useLocale, useT } from "../i18n/i18n-context";
import type { MessageKey, MessageVars } from "../i18n/translate";
import { logger } from "../lib/logger.server";
import { getAdminCommands } from "./admin-commands.server";

const STATUSES: ExceptionStatus[] = ["open", "resolved", "dismissed"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const requested = new URL(request.url).searchParams.get("status") as ExceptionStatus;
  const status = STATUSES.includes(requested) ? requested : "open";
  const rows = await listExceptions(db, shop.domain, status);
  return {
    status,
    // Operators' reasons (partner responses, stacks) stay server-side; merchants get a sentence.
    exceptions: rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      code: r.code,
      subject: r.subject,
      merchantMessage: r.merchantMessage,
      createdAt: r.createdAt.toISOString(),
      retryable: r.replay !== null,
    })),
  };
};

type ActionResult = { tone: "success" | "warning" | "critical"; key: MessageKey; vars?: MessageVars };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { db, shop } = await requireShop(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const ids = form
    .getAll("id")
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, 250);
  if (!ids.length) return { tone: "warning", key: "exceptions.result.noneSelected" };

  if (intent === "dismiss") {
    const n = await closeExceptions(db, shop.domain, ids, "dismissed");
    return { tone: "success", key: "exceptions.result.dismissed", vars: { count: n } };
  }
  if (intent === "retry") {
    const commands = getAdminCommands();
    const open = await openExceptionsByIds(db, shop.domain, ids);
    const retried: number[] = [];
    for (const exception of open) {
      if (await commands.retryException(exception)) retried.push(exception.id);
    }
    // Retried work that fails again opens a new exception; this one is done.
    await closeExceptions(db, shop.domain, retried, "resolved");
    logger.info({ shop: shop.domain, retried, requested: ids.length }, "merchant retried exceptions");
    const skipped = open.length - retried.length;
    return retried.length
      ? { tone: skipped ? "warning" : "success", key: skipped ? "exceptions.result.retriedSome" : "exceptions.result.retried", vars: { count: retried.length, skipped } }
      : { tone: "critical", key: "exceptions.result.notRetryable" };
  }
  return { tone: "critical", key: "error.unknownAction" };
};

export default function Exceptions() {
  const { status, exceptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const [, setParams] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(exceptions);

  const act = (intent: string, ids: string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("id", id);
    submit(form, { method: "post" });
    clearSelection();
  };
  const reason = (e: (typeof exceptions)[number]) => e.merchantMessage ?? t(`exception.kind.${e.kind}`);

  return (
    <Page title={t("exceptions.title")} subtitle={t("exceptions.subtitle")}>
      <BlockStack gap="300">
        {result && <Banner tone={result.tone}>{t(result.key, result.vars)}</Banner>}
        <Card padding="0">
          <Tabs
            tabs={STATUSES.map((s) => ({ id: s, content: t(`exceptions.tab.${s}`) }))}
            selected={STATUSES.indexOf(status)}
            onSelect={(i) => setParams({ status: STATUSES[i]! })}
          />
          <IndexTable
            resourceName={{ singular: t("exceptions.resource.one"), plural: t("exceptions.resource.many") }}
            itemCount={exceptions.length}
            selectable={status === "open"}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: t("exceptions.bulk.retry"), onAction: () => act("retry", selectedResources) },
              { content: t("exceptions.bulk.dismiss"), onAction: () => act("dismiss", selectedResources) },
            ]}
            emptyState={<EmptyState heading={t("exceptions.empty.title")} image=""><p>{t("exceptions.empty.body")}</p></EmptyState>}
            headings={[{ title: t("exceptions.col.what") }, { title: t("exceptions.col.reason") }, { title: t("exceptions.col.when") }, { title: t("exceptions.col.actions") }]}
          >
            {exceptions.map((e, index) => (
              <IndexTable.Row id={e.id} key={e.id} position={index} selected={selectedResources.includes(e.id)}>
                <IndexTable.Cell>
                  <BlockStack gap="100">
                    <Badge tone="critical">{t(`exception.label.${e.kind}`)}</Badge>
                    <Text as="span" variant="bodySm" tone="subdued">{e.subject}</Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ whiteSpace: "normal", maxWidth: 460 }}>
                    <Text as="p">{reason(e)}</Text>
                  </div>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDateTime(e.createdAt, locale)}</IndexTable.Cell>
                <IndexTable.Cell>
                  {status === "open" && (
                    // A click on a row button must not also toggle the row's selection.
                    <div onClick={(event) => event.stopPropagation()}>
                    <InlineStack gap="200" wrap={false}>
                      <Button size="slim" disabled={!e.retryable || busy} onClick={() => act("retry", [e.id])} accessibilityLabel={t("exceptions.retry.label", { id: e.id })}>
                        {t("exceptions.retry")}
                      </Button>
                      <Button size="slim" variant="tertiary" disabled={busy} onClick={() => act("dismiss", [e.id])}>
                        {t("exceptions.dismiss")}
                      </Button>
                    </InlineStack>
                    </div>
                  )}
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
