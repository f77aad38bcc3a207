-- CreateTable
CREATE TABLE "Correction" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releaseAt" TIMESTAMP(3) NOT NULL,
    "previewAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "Correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CorrectionDelivery" (
    "correctionId" INTEGER NOT NULL,
    "subscriberId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CorrectionDelivery_pkey" PRIMARY KEY ("correctionId","subscriberId")
);

-- CreateIndex
CREATE INDEX "Correction_status_releaseAt_idx" ON "Correction"("status", "releaseAt");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_slug_key_key" ON "Correction"("slug", "key");

-- AddForeignKey
ALTER TABLE "CorrectionDelivery" ADD CONSTRAINT "CorrectionDelivery_correctionId_fkey" FOREIGN KEY ("correctionId") REFERENCES "Correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

