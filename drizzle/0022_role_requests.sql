CREATE TABLE "role_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"municipality_id" text,
	"position" text,
	"institutional_email" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"locale" text DEFAULT 'es' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_request_role_check" CHECK ("role_request"."role" in ('municipal_official', 'reviewer', 'expert', 'statistics_editor')),
	CONSTRAINT "role_request_status_check" CHECK ("role_request"."status" in ('pending', 'approved', 'declined', 'withdrawn')),
	CONSTRAINT "role_request_municipality_check" CHECK (("role_request"."role" = 'municipal_official') = ("role_request"."municipality_id" is not null)),
	CONSTRAINT "role_request_note_length" CHECK (char_length("role_request"."note") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "role_request" ADD CONSTRAINT "role_request_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_request" ADD CONSTRAINT "role_request_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_request" ADD CONSTRAINT "role_request_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "role_request_one_pending" ON "role_request" USING btree ("user_id","role",coalesce("municipality_id", '')) WHERE "role_request"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "role_request_status_idx" ON "role_request" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "role_request_user_idx" ON "role_request" USING btree ("user_id");