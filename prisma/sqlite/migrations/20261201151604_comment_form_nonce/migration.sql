-- CreateTable
CREATE TABLE "CommentFormNonce" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CommentFormNonce_expiresAt_idx" ON "CommentFormNonce"("expiresAt");

