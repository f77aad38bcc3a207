-- CreateTable
CREATE TABLE "AuthorSession" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "EmailActionNonce" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "usedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AuthorSession_revokedAt_idx" ON "AuthorSession"("revokedAt");

-- CreateIndex
CREATE INDEX "EmailActionNonce_expiresAt_idx" ON "EmailActionNonce"("expiresAt");

