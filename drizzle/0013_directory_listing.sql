CREATE TABLE "directory_listing" (
	"entry_type" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"parent_id" uuid,
	"kind" text,
	"countries" text[] NOT NULL,
	"themes" text[] NOT NULL,
	"sdgs" text[] NOT NULL,
	"applicants" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"availability" text,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"time_zone" text,
	"verified_at" timestamp with time zone,
	"centre_of_excellence" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"filter_keys" text[] NOT NULL,
	"document" "tsvector" NOT NULL,
	CONSTRAINT "directory_listing_entry_type_entry_id_pk" PRIMARY KEY("entry_type","entry_id")
);
--> statement-breakpoint
CREATE INDEX "directory_listing_filter_keys_idx" ON "directory_listing" USING gin ("filter_keys");--> statement-breakpoint
CREATE INDEX "directory_listing_document_idx" ON "directory_listing" USING gin ("document");