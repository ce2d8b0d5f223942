CREATE TABLE "territory_without_code" (
	"country_code" text NOT NULL,
	"name" text NOT NULL,
	"admin1_name" text NOT NULL,
	"file" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "territory_without_code_country_code_admin1_name_name_pk" PRIMARY KEY("country_code","admin1_name","name")
);
--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "level_name" text;--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "level_name_plural" text;--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "code_system" text;--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "national_population" integer;--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "national_population_year" smallint;--> statement-breakpoint
ALTER TABLE "country" ADD COLUMN "national_population_source" text;--> statement-breakpoint
ALTER TABLE "municipality" ADD COLUMN "population_source" text;--> statement-breakpoint
ALTER TABLE "municipality" ADD COLUMN "location_source" text;--> statement-breakpoint
ALTER TABLE "territory_without_code" ADD CONSTRAINT "territory_without_code_country_code_country_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."country"("code") ON DELETE no action ON UPDATE no action;