ALTER TABLE "allocations" ADD COLUMN "lane_id" bigint;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "lane_carrier" text;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "postal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "cross_border" boolean;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "incoterm" text;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "landed_cost" jsonb;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_lane_id_warehouse_lanes_id_fk" FOREIGN KEY ("lane_id") REFERENCES "public"."warehouse_lanes"("id") ON DELETE set null ON UPDATE no action;