-- CreateTable
CREATE TABLE "InboundReplyUse" (
    "token" TEXT NOT NULL,
    "commentId" TEXT NOT NULL,
    "postedId" TEXT,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundReplyUse_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "InboundExplanation" (
    "email" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboundExplanation_pkey" PRIMARY KEY ("email")
);

