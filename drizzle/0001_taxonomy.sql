CREATE TABLE "taxonomy_term" (
	"facet" text NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"position" integer DEFAULT 0 NOT NULL,
	"labels" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"edited_by" text,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "taxonomy_term_facet_code_pk" PRIMARY KEY("facet","code")
);
--> statement-breakpoint
ALTER TABLE "taxonomy_term" ADD CONSTRAINT "taxonomy_term_edited_by_user_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "taxonomy_term_parent_idx" ON "taxonomy_term" USING btree ("facet","parent_code");