-- CreateTable
CREATE TABLE "ReplyAddress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "confirmedAt" DATETIME,
    "confirmSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "ReplyAddress_email_key" ON "ReplyAddress"("email");

