DROP INDEX "stock_changes_shop_idx";--> statement-breakpoint
ALTER TABLE "stock_changes" ADD COLUMN "connection_id" bigint;--> statement-breakpoint
-- Rows pending before this migration were per shop: every live connection of the shop gets its own copy.
INSERT INTO "stock_changes" ("shop_id", "connection_id", "sku", "seen_at")
  SELECT sc."shop_id", cc."id", sc."sku", sc."seen_at"
  FROM "stock_changes" sc JOIN "channel_connections" cc ON cc."shop_id" = sc."shop_id" AND cc."status" <> 'disconnected'
  WHERE sc."connection_id" IS NULL;--> statement-breakpoint
DELETE FROM "stock_changes" WHERE "connection_id" IS NULL;--> statement-breakpoint
ALTER TABLE "stock_changes" ALTER COLUMN "connection_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_changes" ADD CONSTRAINT "stock_changes_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_connections_shop_idx" ON "channel_connections" USING btree ("shop_id");--> statement-breakpoint
CREATE INDEX "stock_changes_connection_idx" ON "stock_changes" USING btree ("connection_id","id");--> statement-breakpoint
-- One outbox row per live storefront connection of the shop (Shopify, Etsy, TikTok Shop): each
-- connection consumes only its own rows, so one that cannot push keeps its changes and holds no
-- other back. needs_reauth connections keep collecting (pushed once the merchant reconnects);
-- disconnected ones do not. The NOTIFY names the connection, only for those that can push now;
-- identical notifications in one transaction are delivered once, so a 10,000-row import sends
-- one per connection.
CREATE FUNCTION "corridor_queue_stock_change"(shop bigint, changed_sku text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT cc.id, cc.status FROM channel_connections cc WHERE cc.shop_id = shop AND cc.status <> 'disconnected' LOOP
    INSERT INTO stock_changes (shop_id, connection_id, sku) VALUES (shop, c.id, changed_sku);
    IF c.status = 'connected' THEN
      PERFORM pg_notify('corridor_stock_changes', c.id::text);
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "corridor_record_stock_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shop bigint;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT w.shop_id INTO shop FROM warehouses w WHERE w.id = OLD.warehouse_id;
    -- A cascade from a deleted warehouse finds no shop: nothing left to attribute the change to.
    IF shop IS NOT NULL THEN
      PERFORM corridor_queue_stock_change(shop, OLD.sku);
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.sku, NEW.warehouse_id) IS DISTINCT FROM (OLD.sku, OLD.warehouse_id)) THEN
    SELECT w.shop_id INTO shop FROM warehouses w WHERE w.id = NEW.warehouse_id;
    IF shop IS NOT NULL THEN
      PERFORM corridor_queue_stock_change(shop, NEW.sku);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A warehouse switched on or off changes every SKU it holds for each of its shop's storefronts.
CREATE OR REPLACE FUNCTION "corridor_record_warehouse_stock_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT cc.id, cc.status FROM channel_connections cc WHERE cc.shop_id = NEW.shop_id AND cc.status <> 'disconnected' LOOP
    INSERT INTO stock_changes (shop_id, connection_id, sku) SELECT NEW.shop_id, c.id, l.sku FROM inventory_levels l WHERE l.warehouse_id = NEW.id;
    IF FOUND AND c.status = 'connected' THEN
      PERFORM pg_notify('corridor_stock_changes', c.id::text);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
