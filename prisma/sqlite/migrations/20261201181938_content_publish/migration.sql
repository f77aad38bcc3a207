-- CreateTable
CREATE TABLE "ContentPublish" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "via" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "warnings" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ContentRefusal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "refusedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "via" TEXT NOT NULL,
    "problems" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PublishLock" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT,
    "leaseUntil" DATETIME
);

-- CreateIndex
CREATE INDEX "ContentPublish_source_seq_idx" ON "ContentPublish"("source", "seq");

-- CreateIndex
CREATE INDEX "ContentRefusal_source_id_idx" ON "ContentRefusal"("source", "id");

