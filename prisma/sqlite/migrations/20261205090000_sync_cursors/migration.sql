-- CreateTable
CREATE TABLE "sync_cursors" (
    "connector" TEXT NOT NULL PRIMARY KEY,
    "cursor" TEXT,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "error" TEXT,
    "last_run_at" DATETIME,
    "updated_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
);
