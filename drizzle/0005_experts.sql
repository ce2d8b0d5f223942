CREATE TABLE "expert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"headline" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"municipality_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"organisation_id" uuid,
	"availability" text DEFAULT 'available' NOT NULL,
	"fee_min" numeric(12, 2),
	"fee_max" numeric(12, 2),
	"fee_currency" text,
	"email" text,
	"phone" text,
	"website" text,
	"consent_on" date,
	"consent_note" text,
	"cv_file_name" text,
	"cv_content_type" text,
	"cv" "bytea",
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
CREATE TABLE "expert_competency" (
	"expert_id" uuid NOT NULL,
	"theme" text NOT NULL,
	"level" text NOT NULL,
	CONSTRAINT "expert_competency_expert_id_theme_pk" PRIMARY KEY("expert_id","theme")
);
--> statement-breakpoint
ALTER TABLE "expert" ADD CONSTRAINT "expert_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert" ADD CONSTRAINT "expert_organisation_id_institution_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."institution"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert" ADD CONSTRAINT "expert_verified_by_user_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert" ADD CONSTRAINT "expert_proposed_by_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_competency" ADD CONSTRAINT "expert_competency_expert_id_expert_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."expert"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "expert_user_unique" ON "expert" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "expert_document_idx" ON "expert" USING gin ("document");--> statement-breakpoint
CREATE INDEX "expert_countries_idx" ON "expert" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "expert_status_idx" ON "expert" USING btree ("status");--> statement-breakpoint
CREATE INDEX "expert_competency_theme_idx" ON "expert_competency" USING btree ("theme","level");