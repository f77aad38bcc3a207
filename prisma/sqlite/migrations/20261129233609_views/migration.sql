-- CreateTable
CREATE TABLE "ViewSalt" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "salt" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ViewVisitor" (
    "day" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("day", "hash")
);

-- CreateTable
CREATE TABLE "PageView" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "referrer" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ViewDaily" (
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "views" INTEGER NOT NULL,

    PRIMARY KEY ("slug", "day")
);

-- CreateTable
CREATE TABLE "ReferrerDaily" (
    "slug" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "views" INTEGER NOT NULL,

    PRIMARY KEY ("slug", "day", "domain")
);

-- CreateTable
CREATE TABLE "IssueViews" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "counted" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "PageView_day_idx" ON "PageView"("day");

-- CreateIndex
CREATE INDEX "PageView_slug_day_idx" ON "PageView"("slug", "day");

-- CreateIndex
CREATE INDEX "ReferrerDaily_day_idx" ON "ReferrerDaily"("day");

