-- CreateTable
CREATE TABLE "CommentFormNonce" (
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentFormNonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "CommentFormNonce_expiresAt_idx" ON "CommentFormNonce"("expiresAt");

