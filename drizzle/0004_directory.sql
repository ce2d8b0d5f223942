CREATE TABLE "funding_call" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"funder_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"sdgs" text[] DEFAULT '{}'::text[] NOT NULL,
	"eligible_countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"eligible_applicants" text[] DEFAULT '{}'::text[] NOT NULL,
	"size_bands" text[] DEFAULT '{}'::text[] NOT NULL,
	"amount_min" numeric(16, 2),
	"amount_max" numeric(16, 2),
	"currency" text,
	"cofinancing_percent" numeric(5, 2),
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"how_to_apply" text DEFAULT '' NOT NULL,
	"link" text,
	"document" "tsvector" NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"rejection_reason" text,
	"proposed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" text NOT NULL,
	"country_code" text NOT NULL,
	"countries_served" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"website" text,
	"email" text,
	"phone" text,
	"parent_id" uuid,
	"network_member" boolean DEFAULT false NOT NULL,
	"member_since" date,
	"centre_of_excellence" boolean DEFAULT false NOT NULL,
	"excellence_themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"excellence_recognised_on" date,
	"excellence_basis" text,
	"document" "tsvector" NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"rejection_reason" text,
	"proposed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_funder_id_institution_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."institution"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_verified_by_user_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call" ADD CONSTRAINT "funding_call_proposed_by_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution" ADD CONSTRAINT "institution_parent_id_institution_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."institution"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution" ADD CONSTRAINT "institution_verified_by_user_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution" ADD CONSTRAINT "institution_proposed_by_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_call_document_idx" ON "funding_call" USING gin ("document");--> statement-breakpoint
CREATE INDEX "funding_call_closes_idx" ON "funding_call" USING btree ("closes_at");--> statement-breakpoint
CREATE INDEX "funding_call_themes_idx" ON "funding_call" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "funding_call_countries_idx" ON "funding_call" USING gin ("eligible_countries");--> statement-breakpoint
CREATE INDEX "funding_call_funder_idx" ON "funding_call" USING btree ("funder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "institution_name_country_unique" ON "institution" USING btree (lower("name"),"country_code");--> statement-breakpoint
CREATE INDEX "institution_document_idx" ON "institution" USING gin ("document");--> statement-breakpoint
CREATE INDEX "institution_themes_idx" ON "institution" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "institution_status_idx" ON "institution" USING btree ("status");