-- AlterTable
ALTER TABLE "NewsletterSend" ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

