DROP INDEX "experience_listing_published_idx";--> statement-breakpoint
CREATE INDEX "experience_listing_recent_idx" ON "experience_listing" USING btree ("published_at","experience_id","themes");