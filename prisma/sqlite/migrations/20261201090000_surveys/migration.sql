-- AlterTable
ALTER TABLE "surveys" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE "surveys" ADD COLUMN "locale" TEXT;
ALTER TABLE "surveys" ADD COLUMN "closed_at" DATETIME;
ALTER TABLE "surveys" ADD COLUMN "reminded_at" DATETIME;
ALTER TABLE "surveys" ADD COLUMN "parent_id" INTEGER;

-- CreateTable
CREATE TABLE "survey_deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "survey_id" INTEGER NOT NULL,
    "conversation_ref_id" INTEGER,
    "kind" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "user_id" TEXT,
    "message_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "error" TEXT,
    "sent_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "reminded_at" DATETIME,
    CONSTRAINT "survey_deliveries_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ticket_surveys" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "survey_id" INTEGER NOT NULL,
    "person_key" TEXT NOT NULL,
    "platform" TEXT,
    "user_id" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ticket_surveys_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "surveys_parent_id_key" ON "surveys"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_deliveries_recipient_key" ON "survey_deliveries"("survey_id", "platform", "user_id");

-- CreateIndex
CREATE INDEX "survey_deliveries_survey_id_idx" ON "survey_deliveries"("survey_id");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_surveys_ticket_id_key" ON "ticket_surveys"("ticket_id");

-- CreateIndex
CREATE INDEX "ticket_surveys_person_at_idx" ON "ticket_surveys"("person_key", "at");
