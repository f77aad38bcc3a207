-- CreateTable
CREATE TABLE "InboundReplyUse" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "postedId" TEXT,
    "usedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InboundExplanation" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "sentAt" DATETIME NOT NULL
);

