CREATE TABLE "channel_connect_attempts" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"verifier" text,
	"redirect_uri" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_connections" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "channel_connections" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_connect_attempts" ADD CONSTRAINT "channel_connect_attempts_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_connect_attempts_expires_idx" ON "channel_connect_attempts" USING btree ("expires_at");