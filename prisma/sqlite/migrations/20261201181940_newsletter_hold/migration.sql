-- CreateTable
CREATE TABLE "HeldSend" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "releaseAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "releasedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "HeldSend_finishedAt_releaseAt_idx" ON "HeldSend"("finishedAt", "releaseAt");

