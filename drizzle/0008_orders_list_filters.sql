DROP INDEX "orders_shop_placed_idx";--> statement-breakpoint
CREATE INDEX "allocations_warehouse_idx" ON "allocations" USING btree ("warehouse_id","order_id");--> statement-breakpoint
CREATE INDEX "allocations_delivered_idx" ON "allocations" USING btree ("delivered_at") WHERE "allocations"."delivered_at" is not null;--> statement-breakpoint
CREATE INDEX "orders_shop_destination_idx" ON "orders" USING btree ("shop_id","destination_country","placed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_name_trgm_idx" ON "orders" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_shop_updated_idx" ON "orders" USING btree ("shop_id","updated_at");--> statement-breakpoint
CREATE INDEX "orders_shop_placed_idx" ON "orders" USING btree ("shop_id","placed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);