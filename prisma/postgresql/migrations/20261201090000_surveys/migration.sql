-- AlterTable
ALTER TABLE "surveys" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'standard',
ADD COLUMN "locale" TEXT,
ADD COLUMN "closed_at" TIMESTAMPTZ(3),
ADD COLUMN "reminded_at" TIMESTAMPTZ(3),
ADD COLUMN "parent_id" INTEGER;

-- CreateTable
CREATE TABLE "survey_deliveries" (
    "id" SERIAL NOT NULL,
    "survey_id" INTEGER NOT NULL,
    "conversation_ref_id" INTEGER,
    "kind" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "user_id" TEXT,
    "message_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "error" TEXT,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reminded_at" TIMESTAMPTZ(3),

    CONSTRAINT "survey_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_surveys" (
    "id" SERIAL NOT NULL,
    "ticket_id" INTEGER NOT NULL,
    "survey_id" INTEGER NOT NULL,
    "person_key" TEXT NOT NULL,
    "platform" TEXT,
    "user_id" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ticket_surveys_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "survey_deliveries" ADD CONSTRAINT "survey_deliveries_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_surveys" ADD CONSTRAINT "ticket_surveys_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;
