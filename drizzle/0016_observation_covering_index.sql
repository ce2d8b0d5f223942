DROP INDEX "observation_ranking_idx";--> statement-breakpoint
DROP INDEX "observation_territory_idx";--> statement-breakpoint
CREATE INDEX "observation_period_idx" ON "observation" USING btree ("indicator_code","level","period") INCLUDE ("territory_id","value","status");