-- CreateTable
CREATE TABLE "ContentPublish" (
    "seq" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "via" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "warnings" TEXT NOT NULL,

    CONSTRAINT "ContentPublish_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ContentRefusal" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "refusedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "via" TEXT NOT NULL,
    "problems" TEXT NOT NULL,

    CONSTRAINT "ContentRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishLock" (
    "name" TEXT NOT NULL,
    "owner" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "PublishLock_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "ContentPublish_source_seq_idx" ON "ContentPublish"("source", "seq");

-- CreateIndex
CREATE INDEX "ContentRefusal_source_id_idx" ON "ContentRefusal"("source", "id");

