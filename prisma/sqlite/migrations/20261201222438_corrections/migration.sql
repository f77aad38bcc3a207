-- CreateTable
CREATE TABLE "Correction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releaseAt" DATETIME NOT NULL,
    "previewAt" DATETIME,
    "finishedAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME
);

-- CreateTable
CREATE TABLE "CorrectionDelivery" (
    "correctionId" INTEGER NOT NULL,
    "subscriberId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("correctionId", "subscriberId"),
    CONSTRAINT "CorrectionDelivery_correctionId_fkey" FOREIGN KEY ("correctionId") REFERENCES "Correction" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Correction_status_releaseAt_idx" ON "Correction"("status", "releaseAt");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_slug_key_key" ON "Correction"("slug", "key");

