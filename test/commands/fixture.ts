import type { App } from "../../src/app.js";
import { insertRows } from "../../src/store/bulk.js";

const COLUMNS = [
  "external_id",
  "kind",
  "service",
  "priority",
  "channel",
  "group_name",
  "opened_at",
  "resolved_at",
  "resolution_due_at",
  "support_level",
  "first_contact_resolution",
  "reopen_count",
  "automated",
  "created_at",
  "updated_at",
];

const d = (iso: string) => new Date(iso);

/**
 * Six tickets whose KPIs are worked out by hand (periods in Europe/Paris):
 *
 * | id | group           | service | opened (UTC)      | resolved (UTC)    | due (UTC)   | level | fcr   | month resolved (Paris) |
 * |----|-----------------|---------|-------------------|-------------------|-------------|-------|-------|------------------------|
 * | T1 | Service Desk N1 | VPN     | 2026-10-05 08:00  | 2026-10-05 10:00  | 2026-10-06  | 1     | yes   | 2026-10 (2 h)          |
 * | T2 | N2              | VPN     | 2026-10-10 08:00  | 2026-10-12 08:00  | 2026-10-11  | 2     | no    | 2026-10 (48 h, breach) |
 * | T3 | Service Desk N1 | Mail    | 2026-10-20 08:00  | 2026-10-20 12:00  | 2026-10-21  | 1     | yes   | 2026-10 (4 h)          |
 * | T4 | N2              | VPN     | 2026-10-25 08:00  | 2026-10-31 23:30  | —           | 1     | no    | 2026-11 (00:30 Paris)  |
 * | T5 | N2              | Mail    | 2026-09-28 09:00  | 2026-10-02 09:00  | —           | 3     | no    | 2026-10 (96 h)         |
 * | T6 | Service Desk N1 | Mail    | 2026-09-10 08:00  | 2026-09-10 12:00  | 2026-09-11  | 1     | yes   | 2026-09 (4 h)          |
 *
 * October: fcr 2/4 = 50 %, escalation 2/4 = 50 %, mttr (2+48+4+96)/4 = 37.5 h, sla 2/3 met;
 * by group: Service Desk N1 2/2 = 100 %, N2 0/2 = 0 %; for service=VPN: 1/2 = 50 %.
 * September: fcr 1/1 = 100 %. November: fcr 0/1 = 0 %.
 */
export async function insertFixtureTickets(app: App): Promise<void> {
  const now = d("2026-11-01T00:00:00Z");
  const t = (
    id: string,
    group: string,
    service: string,
    opened: string,
    resolved: string,
    due: string | null,
    level: number,
    fcr: boolean,
  ) => [
    id,
    "incident",
    service,
    3,
    "phone",
    group,
    d(opened),
    d(resolved),
    due ? d(due) : null,
    level,
    fcr,
    0,
    false,
    now,
    now,
  ];
  const rows = [
    t("T1", "Service Desk N1", "VPN", "2026-10-05T08:00:00Z", "2026-10-05T10:00:00Z", "2026-10-06T00:00:00Z", 1, true),
    t("T2", "N2", "VPN", "2026-10-10T08:00:00Z", "2026-10-12T08:00:00Z", "2026-10-11T00:00:00Z", 2, false),
    t("T3", "Service Desk N1", "Mail", "2026-10-20T08:00:00Z", "2026-10-20T12:00:00Z", "2026-10-21T00:00:00Z", 1, true),
    t("T4", "N2", "VPN", "2026-10-25T08:00:00Z", "2026-10-31T23:30:00Z", null, 1, false),
    t("T5", "N2", "Mail", "2026-09-28T09:00:00Z", "2026-10-02T09:00:00Z", null, 3, false),
    t("T6", "Service Desk N1", "Mail", "2026-09-10T08:00:00Z", "2026-09-10T12:00:00Z", "2026-09-11T00:00:00Z", 1, true),
  ];
  await app.db.transaction((tx) => insertRows(tx, "tickets", COLUMNS, rows));
}
