CREATE TABLE "observation_rollup" (
	"indicator_code" text NOT NULL,
	"level" text NOT NULL,
	"period" text NOT NULL,
	"territory_id" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"missing" text,
	"reported" integer NOT NULL,
	"expected" integer NOT NULL,
	CONSTRAINT "observation_rollup_indicator_code_level_period_territory_id_pk" PRIMARY KEY("indicator_code","level","period","territory_id")
);
--> statement-breakpoint
CREATE TABLE "observation_rollup_state" (
	"indicator_code" text PRIMARY KEY NOT NULL,
	"aggregation" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "observation_rollup" ADD CONSTRAINT "observation_rollup_indicator_code_indicator_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_rollup_state" ADD CONSTRAINT "observation_rollup_state_indicator_code_indicator_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observation_rollup_territory_idx" ON "observation_rollup" USING btree ("indicator_code","level","territory_id","period");