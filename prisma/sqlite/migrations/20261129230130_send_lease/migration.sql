-- AlterTable
ALTER TABLE "NewsletterSend" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "NewsletterSend" ADD COLUMN "leaseUntil" DATETIME;

