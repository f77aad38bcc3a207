-- CreateTable
CREATE TABLE "HeldSend" (
    "slug" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "releaseAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "HeldSend_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "HeldSend_finishedAt_releaseAt_idx" ON "HeldSend"("finishedAt", "releaseAt");

