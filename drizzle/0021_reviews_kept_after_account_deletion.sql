ALTER TABLE "experience_review" DROP CONSTRAINT "experience_review_reviewer_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "experience_review" ALTER COLUMN "reviewer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "experience_review" ADD CONSTRAINT "experience_review_reviewer_id_user_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;