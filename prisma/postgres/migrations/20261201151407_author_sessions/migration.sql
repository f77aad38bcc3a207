-- CreateTable
CREATE TABLE "AuthorSession" (
    "idHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AuthorSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateTable
CREATE TABLE "EmailActionNonce" (
    "nonce" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailActionNonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "AuthorSession_revokedAt_idx" ON "AuthorSession"("revokedAt");

-- CreateIndex
CREATE INDEX "EmailActionNonce_expiresAt_idx" ON "EmailActionNonce"("expiresAt");

