CREATE TABLE "dataset" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"publisher" text DEFAULT '' NOT NULL,
	"licence" text DEFAULT '' NOT NULL,
	"retrieved_on" date,
	"source_url" text,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file" "bytea" NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"revised" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"deleted_by" text
);
--> statement-breakpoint
CREATE TABLE "indicator" (
	"code" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"definitions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unit" text NOT NULL,
	"unit_multiplier" smallint DEFAULT 0 NOT NULL,
	"decimals" smallint DEFAULT 0 NOT NULL,
	"theme" text,
	"levels" text[] DEFAULT '{}'::text[] NOT NULL,
	"periodicity" text DEFAULT 'annual' NOT NULL,
	"aggregation" text DEFAULT 'none' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"licence" text DEFAULT '' NOT NULL,
	"formula" jsonb,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observation" (
	"indicator_code" text NOT NULL,
	"level" text NOT NULL,
	"territory_id" text NOT NULL,
	"period" text NOT NULL,
	"value" double precision,
	"status" text DEFAULT 'A' NOT NULL,
	"note" text,
	"dataset_id" uuid,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observation_indicator_code_level_territory_id_period_pk" PRIMARY KEY("indicator_code","level","territory_id","period")
);
--> statement-breakpoint
CREATE TABLE "observation_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_code" text NOT NULL,
	"level" text NOT NULL,
	"territory_id" text NOT NULL,
	"period" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"note" text,
	"dataset_id" uuid,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_by" text,
	"replaced_by_dataset" uuid
);
--> statement-breakpoint
ALTER TABLE "dataset" ADD CONSTRAINT "dataset_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset" ADD CONSTRAINT "dataset_deleted_by_user_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_indicator_code_indicator_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_dataset_id_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."dataset"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_revision" ADD CONSTRAINT "observation_revision_replaced_by_user_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_created_idx" ON "dataset" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "observation_ranking_idx" ON "observation" USING btree ("indicator_code","level","period","value");--> statement-breakpoint
CREATE INDEX "observation_territory_idx" ON "observation" USING btree ("territory_id","indicator_code");--> statement-breakpoint
CREATE INDEX "observation_dataset_idx" ON "observation" USING btree ("dataset_id");--> statement-breakpoint
CREATE INDEX "observation_revision_key_idx" ON "observation_revision" USING btree ("indicator_code","level","territory_id","period");--> statement-breakpoint
CREATE INDEX "observation_revision_dataset_idx" ON "observation_revision" USING btree ("replaced_by_dataset");