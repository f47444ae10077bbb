-- Anonymous means unlinkable (issue 14 item 5): no stored time says when someone answered an anonymous survey,
-- and no dedupe key is a plain hash of who clicked.

-- AlterTable: click_order orders one person's clicks on one question ("the latest click wins") now that the
-- times of anonymous answers are kept to the day. Rows stored before get 0: any later click replaces them.
ALTER TABLE "survey_answers" ADD COLUMN "click_order" BIGINT NOT NULL DEFAULT 0;

-- Anonymous answers already stored: answered_at and updated_at cut to the day. The migration does not know
-- KPIBOT_TIMEZONE, so the day is the UTC one and the time its noon, which falls on that same date in every
-- time zone from UTC-11 to UTC+11 (kpibot itself stores local midnight from now on).
UPDATE "survey_answers"
SET "answered_at" = CAST("answered_at" / 86400000 AS INTEGER) * 86400000 + 43200000,
    "updated_at" = CAST("updated_at" / 86400000 AS INTEGER) * 86400000 + 43200000
WHERE "survey_id" IN (SELECT "id" FROM "surveys" WHERE "anonymous" = 1);

-- RedefineTables: idempotency_keys gets expires_at (each claim's own window, so one timer purges every kind).
-- Stored claims are dropped rather than copied: they were unsalted SHA-256 keys, which new claims (HMACs under
-- the server key) can never match, so they dedupe nothing any more and only keep a plain hash of who clicked.
DROP TABLE "idempotency_keys";
CREATE TABLE "idempotency_keys" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");
