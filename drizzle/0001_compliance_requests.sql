CREATE TABLE "compliance_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_domain" text NOT NULL,
	"topic" text NOT NULL,
	"inbox_id" bigint NOT NULL,
	"customer_ref" text,
	"export" jsonb,
	"result" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_requests_inbox_id_unique" UNIQUE("inbox_id")
);
--> statement-breakpoint
CREATE INDEX "compliance_requests_shop_idx" ON "compliance_requests" USING btree ("shop_domain");