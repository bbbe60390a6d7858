CREATE TABLE "stock_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_push_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"outcome" text NOT NULL,
	"rows" integer NOT NULL,
	"lags_ms" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"error_code" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stock_changes" ADD CONSTRAINT "stock_changes_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_push_log" ADD CONSTRAINT "stock_push_log_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_changes_shop_idx" ON "stock_changes" USING btree ("shop_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_push_log_pushed_key" ON "stock_push_log" USING btree ("connection_id","idempotency_key") WHERE "stock_push_log"."outcome" = 'pushed';--> statement-breakpoint
CREATE INDEX "stock_push_log_connection_at_idx" ON "stock_push_log" USING btree ("connection_id","at");--> statement-breakpoint
-- Every write that changes what a shop can sell lands in stock_changes, whoever made it (routing,
-- warehouse events, cancellations, imports, a psql session): the stock sync never depends on each
-- writer remembering to enqueue. pg_notify wakes the dispatcher at once; identical notifications in
-- one transaction are delivered once, so a 10,000-row import sends one.
CREATE FUNCTION "corridor_record_stock_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shop bigint;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT w.shop_id INTO shop FROM warehouses w WHERE w.id = OLD.warehouse_id;
    -- A cascade from a deleted warehouse finds no shop: nothing left to attribute the change to.
    IF shop IS NOT NULL THEN
      INSERT INTO stock_changes (shop_id, sku) VALUES (shop, OLD.sku);
      PERFORM pg_notify('corridor_stock_changes', shop::text);
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.sku, NEW.warehouse_id) IS DISTINCT FROM (OLD.sku, OLD.warehouse_id)) THEN
    SELECT w.shop_id INTO shop FROM warehouses w WHERE w.id = NEW.warehouse_id;
    IF shop IS NOT NULL THEN
      INSERT INTO stock_changes (shop_id, sku) VALUES (shop, NEW.sku);
      PERFORM pg_notify('corridor_stock_changes', shop::text);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "inventory_levels_stock_change_write" AFTER INSERT OR DELETE ON "inventory_levels"
  FOR EACH ROW EXECUTE FUNCTION "corridor_record_stock_change"();
--> statement-breakpoint
-- Only changes that move available-to-sell: a reported_at or updated_at bump alone is not a change.
CREATE TRIGGER "inventory_levels_stock_change_update" AFTER UPDATE OF "on_hand", "reserved", "safety_buffer", "sku", "warehouse_id" ON "inventory_levels"
  FOR EACH ROW
  WHEN ((OLD.on_hand, OLD.reserved, OLD.safety_buffer, OLD.sku, OLD.warehouse_id) IS DISTINCT FROM (NEW.on_hand, NEW.reserved, NEW.safety_buffer, NEW.sku, NEW.warehouse_id))
  EXECUTE FUNCTION "corridor_record_stock_change"();
--> statement-breakpoint
-- A warehouse switched on or off changes every SKU it holds for its shop's storefronts.
CREATE FUNCTION "corridor_record_warehouse_stock_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stock_changes (shop_id, sku) SELECT NEW.shop_id, l.sku FROM inventory_levels l WHERE l.warehouse_id = NEW.id;
  IF FOUND THEN
    PERFORM pg_notify('corridor_stock_changes', NEW.shop_id::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "warehouses_stock_change_active" AFTER UPDATE OF "active" ON "warehouses"
  FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION "corridor_record_warehouse_stock_change"();
