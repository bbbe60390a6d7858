CREATE TABLE "allocation_lines" (
	"allocation_id" bigint NOT NULL,
	"order_line_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "allocation_lines_allocation_id_order_line_id_pk" PRIMARY KEY("allocation_id","order_line_id")
);
--> statement-breakpoint
CREATE TABLE "allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"client_reference" text NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"mode" text NOT NULL,
	"expected_cost" integer NOT NULL,
	"cost_currency" text NOT NULL,
	"expected_delivery_at" timestamp with time zone,
	"warehouse_order_id" text,
	"carrier" text,
	"tracking_number" text,
	"tracking_url" text,
	"channel_fulfillment_id" text,
	"dispatched_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_client_reference_unique" UNIQUE("client_reference")
);
--> statement-breakpoint
CREATE TABLE "channel_connections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"external_account_id" text NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"credentials" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sync_cursor" text,
	"last_webhook_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_domain" text,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"code" text NOT NULL,
	"reason" text NOT NULL,
	"merchant_message" text,
	"replay" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fulfillment_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"order_id" bigint,
	"external_id" text NOT NULL,
	"external_order_id" text NOT NULL,
	"location_id" text,
	"status" text NOT NULL,
	"request_status" text NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_levels" (
	"warehouse_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"safety_buffer" integer DEFAULT 0 NOT NULL,
	"reported_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_levels_warehouse_id_sku_pk" PRIMARY KEY("warehouse_id","sku"),
	CONSTRAINT "inventory_levels_reserved_nonneg" CHECK ("inventory_levels"."reserved" >= 0),
	CONSTRAINT "inventory_levels_on_hand_nonneg" CHECK ("inventory_levels"."on_hand" >= 0),
	CONSTRAINT "inventory_levels_no_oversell" CHECK ("inventory_levels"."reserved" <= "inventory_levels"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"correlation_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"external_line_id" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"currency" text NOT NULL,
	"weight_grams" integer DEFAULT 0 NOT NULL,
	"hs_code" text,
	"country_of_origin" text
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"stage" text DEFAULT 'received' NOT NULL,
	"channel_updated_at" timestamp with time zone NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"canonical" jsonb NOT NULL,
	"destination_country" text NOT NULL,
	"currency" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"routing_decision" jsonb,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_quantity_pos" CHECK ("reservations"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"state" text NOT NULL,
	"isOnline" boolean DEFAULT false NOT NULL,
	"scope" text,
	"expires" timestamp,
	"accessToken" text NOT NULL,
	"userId" bigint,
	"firstName" text,
	"lastName" text,
	"email" text,
	"accountOwner" boolean,
	"locale" text,
	"collaborator" boolean,
	"emailVerified" boolean,
	"refreshToken" text,
	"refreshTokenExpires" timestamp
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone,
	CONSTRAINT "shops_domain_unique" UNIQUE("domain")
);
--> statement-breakpoint
CREATE TABLE "skus" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"title" text,
	"weight_grams" integer DEFAULT 0 NOT NULL,
	"unit_value" integer,
	"currency" text,
	"hs_code" text,
	"hs_codes_by_country" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"country_of_origin" text,
	"customs_description" text,
	"material" text,
	"dangerous_goods" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel_refs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "storefront_stock" (
	"connection_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"location_ref" text DEFAULT '' NOT NULL,
	"last_pushed_quantity" integer,
	"last_pushed_at" timestamp with time zone,
	"change_seen_at" timestamp with time zone,
	CONSTRAINT "storefront_stock_connection_id_sku_location_ref_pk" PRIMARY KEY("connection_id","sku","location_ref")
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"allocation_id" bigint NOT NULL,
	"event_key" text NOT NULL,
	"status" text NOT NULL,
	"sequence" integer NOT NULL,
	"happened_at" timestamp with time zone NOT NULL,
	"carrier" text,
	"tracking_number" text,
	"location" text,
	"message" text,
	"pushed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warehouse_lanes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"destinations" text[] NOT NULL,
	"mode" text NOT NULL,
	"carrier" text,
	"transit_days_min" integer NOT NULL,
	"transit_days_max" integer NOT NULL,
	"base_cost" integer NOT NULL,
	"per_kg_cost" integer NOT NULL,
	"surcharges" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"currency" text NOT NULL,
	"allows_lithium" boolean DEFAULT false NOT NULL,
	"ddp" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"connector" text NOT NULL,
	"connector_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"country_code" text NOT NULL,
	"kind" text NOT NULL,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cutoff_time" text DEFAULT '14:00' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"handling_fee" integer DEFAULT 0 NOT NULL,
	"fee_currency" text DEFAULT 'USD' NOT NULL,
	"duties_prepaid" boolean DEFAULT false NOT NULL,
	"shopify_location_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"shop_domain" text NOT NULL,
	"event_id" text,
	"triggered_at" timestamp with time zone,
	"headers" jsonb NOT NULL,
	"raw_body" "bytea" NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"correlation_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "allocation_lines" ADD CONSTRAINT "allocation_lines_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_lines" ADD CONSTRAINT "allocation_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_connections" ADD CONSTRAINT "channel_connections_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_orders" ADD CONSTRAINT "fulfillment_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storefront_stock" ADD CONSTRAINT "storefront_stock_connection_id_channel_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."channel_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouse_lanes" ADD CONSTRAINT "warehouse_lanes_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_order_idx" ON "allocations" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_connections_account_key" ON "channel_connections" USING btree ("channel","external_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exceptions_open_key" ON "exceptions" USING btree ("dedupe_key") WHERE "exceptions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "exceptions_shop_status_idx" ON "exceptions" USING btree ("shop_domain","status");--> statement-breakpoint
CREATE UNIQUE INDEX "fulfillment_orders_external_key" ON "fulfillment_orders" USING btree ("shop_id","external_id");--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_external_key" ON "order_lines" USING btree ("order_id","external_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_external_key" ON "orders" USING btree ("shop_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "orders_shop_stage_idx" ON "orders" USING btree ("shop_id","stage","placed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_allocation_sku_key" ON "reservations" USING btree ("allocation_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "skus_shop_sku_key" ON "skus" USING btree ("shop_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_key" ON "tracking_events" USING btree ("allocation_id","event_key");--> statement-breakpoint
CREATE INDEX "warehouse_lanes_warehouse_idx" ON "warehouse_lanes" USING btree ("warehouse_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_shop_code_key" ON "warehouses" USING btree ("shop_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_inbox_delivery_key" ON "webhook_inbox" USING btree ("channel","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_inbox_pending_idx" ON "webhook_inbox" USING btree ("status","id");