-- CreateTable
CREATE TABLE "ViewSalt" (
    "day" TEXT NOT NULL,
    "salt" TEXT NOT NULL,

    CONSTRAINT "ViewSalt_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "ViewVisitor" (
    "day" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ViewVisitor_pkey" PRIMARY KEY ("day","hash")
);

-- CreateTable
CREATE TABLE "PageView" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "referrer" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ViewDaily" (
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "views" INTEGER NOT NULL,

    CONSTRAINT "ViewDaily_pkey" PRIMARY KEY ("slug","day")
);

-- CreateTable
CREATE TABLE "ReferrerDaily" (
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "views" INTEGER NOT NULL,

    CONSTRAINT "ReferrerDaily_pkey" PRIMARY KEY ("slug","day","domain")
);

-- CreateTable
CREATE TABLE "IssueViews" (
    "slug" TEXT NOT NULL,
    "counted" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "IssueViews_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "PageView_day_idx" ON "PageView"("day");

-- CreateIndex
CREATE INDEX "PageView_slug_day_idx" ON "PageView"("slug", "day");

-- CreateIndex
CREATE INDEX "ReferrerDaily_day_idx" ON "ReferrerDaily"("day");

