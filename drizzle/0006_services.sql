CREATE TABLE "cooperation_service" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"provider_user_id" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"service_status" text DEFAULT 'active' NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"eligible_applicants" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"cost" text DEFAULT 'free' NOT NULL,
	"cost_details" text DEFAULT '' NOT NULL,
	"how_to_request" text DEFAULT '' NOT NULL,
	"document" "tsvector" NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"rejection_reason" text,
	"proposed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"requester_id" text,
	"municipality_id" text,
	"message" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cooperation_service" ADD CONSTRAINT "cooperation_service_institution_id_institution_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institution"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_service" ADD CONSTRAINT "cooperation_service_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_service" ADD CONSTRAINT "cooperation_service_verified_by_user_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_service" ADD CONSTRAINT "cooperation_service_proposed_by_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_service_id_cooperation_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."cooperation_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_requester_id_user_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request" ADD CONSTRAINT "service_request_answered_by_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cooperation_service_document_idx" ON "cooperation_service" USING gin ("document");--> statement-breakpoint
CREATE INDEX "cooperation_service_institution_idx" ON "cooperation_service" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "cooperation_service_provider_idx" ON "cooperation_service" USING btree ("provider_user_id");--> statement-breakpoint
CREATE INDEX "service_request_service_idx" ON "service_request" USING btree ("service_id","created_at");--> statement-breakpoint
CREATE INDEX "service_request_requester_idx" ON "service_request" USING btree ("requester_id");