DROP INDEX "directory_listing_filter_keys_idx";--> statement-breakpoint
DROP INDEX "directory_listing_document_idx";--> statement-breakpoint
CREATE INDEX "directory_listing_filter_keys_idx" ON "directory_listing" USING gin ("filter_keys") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "directory_listing_document_idx" ON "directory_listing" USING gin ("document") WITH (fastupdate=false);