CREATE TABLE "entry_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_type" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"reporter_id" text,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" text
);
--> statement-breakpoint
ALTER TABLE "entry_report" ADD CONSTRAINT "entry_report_reporter_id_user_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_report" ADD CONSTRAINT "entry_report_resolved_by_user_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entry_report_open_idx" ON "entry_report" USING btree ("resolved_at","created_at");--> statement-breakpoint
CREATE INDEX "entry_report_entry_idx" ON "entry_report" USING btree ("entry_type","entry_id");