CREATE TABLE "experience" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"original_locale" text NOT NULL,
	"budget_amount" numeric(16, 2),
	"budget_currency" text,
	"start_date" date,
	"end_date" date,
	"ongoing" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "experience_author" (
	"experience_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "experience_author_experience_id_user_id_pk" PRIMARY KEY("experience_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "experience_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experience_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"actor_id" text,
	"comment" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experience_municipality" (
	"experience_id" uuid NOT NULL,
	"municipality_id" text NOT NULL,
	CONSTRAINT "experience_municipality_experience_id_municipality_id_pk" PRIMARY KEY("experience_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "experience_term" (
	"experience_id" uuid NOT NULL,
	"facet" text NOT NULL,
	"code" text NOT NULL,
	CONSTRAINT "experience_term_experience_id_facet_code_pk" PRIMARY KEY("experience_id","facet","code")
);
--> statement-breakpoint
CREATE TABLE "experience_text" (
	"experience_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"is_original" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"objectives" text DEFAULT '' NOT NULL,
	"actors" text DEFAULT '' NOT NULL,
	"participation" text DEFAULT '' NOT NULL,
	"resources" text DEFAULT '' NOT NULL,
	"lessons" text DEFAULT '' NOT NULL,
	"replication" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experience_text_experience_id_locale_pk" PRIMARY KEY("experience_id","locale")
);
--> statement-breakpoint
ALTER TABLE "experience" ADD CONSTRAINT "experience_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_author" ADD CONSTRAINT "experience_author_experience_id_experience_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experience"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_author" ADD CONSTRAINT "experience_author_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_event" ADD CONSTRAINT "experience_event_experience_id_experience_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experience"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_event" ADD CONSTRAINT "experience_event_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_municipality" ADD CONSTRAINT "experience_municipality_experience_id_experience_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experience"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_municipality" ADD CONSTRAINT "experience_municipality_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_term" ADD CONSTRAINT "experience_term_experience_id_experience_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experience"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_text" ADD CONSTRAINT "experience_text_experience_id_experience_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experience"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experience_state_idx" ON "experience" USING btree ("state","published_at");--> statement-breakpoint
CREATE INDEX "experience_author_user_idx" ON "experience_author" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "experience_event_experience_idx" ON "experience_event" USING btree ("experience_id","occurred_at");--> statement-breakpoint
CREATE INDEX "experience_municipality_idx" ON "experience_municipality" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "experience_term_idx" ON "experience_term" USING btree ("facet","code");