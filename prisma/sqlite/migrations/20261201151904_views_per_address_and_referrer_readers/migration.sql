-- CreateTable
CREATE TABLE "ViewAddress" (
    "day" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "readers" INTEGER NOT NULL,

    PRIMARY KEY ("day", "hash")
);

-- CreateTable
CREATE TABLE "ReferrerReaders" (
    "domain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "readers" INTEGER NOT NULL,

    PRIMARY KEY ("domain", "day")
);

-- CreateIndex
CREATE INDEX "ReferrerReaders_day_idx" ON "ReferrerReaders"("day");

