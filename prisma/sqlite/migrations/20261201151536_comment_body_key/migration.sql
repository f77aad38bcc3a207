-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "bodyKey" TEXT;

-- CreateIndex
CREATE INDEX "Comment_issueSlug_bodyKey_idx" ON "Comment"("issueSlug", "bodyKey");

