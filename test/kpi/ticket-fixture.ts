import type { TicketFixture } from "./fixtures.js";

// October 2026 in Paris is [2026-09-30T22:00Z, 2026-10-31T23:00Z); September is [2026-08-31T22:00Z, 2026-09-30T22:00Z).
// NOW is 2026-11-15T10:00Z.
/** Ten tickets around October 2026 whose KPIs are computed by hand in tickets.test.ts. */
export const TICKETS: TicketFixture[] = [
  // T1: resolved in Oct after 4 h, answered after 0.5 h (due 1 h), resolution SLA met, FCR, L1.
  {
    id: "T1",
    opened: "2026-10-01T08:00:00Z",
    firstResponse: "2026-10-01T08:30:00Z",
    responseDue: "2026-10-01T09:00:00Z",
    resolved: "2026-10-01T12:00:00Z",
    resolutionDue: "2026-10-01T16:00:00Z",
    level: 1,
    fcr: true,
    group: "A",
    service: "VPN",
    channel: "portal",
    priority: 1,
  },
  // T2: resolved in Oct after 24 h (late), answered after 2 h (late), L2, reopened once.
  {
    id: "T2",
    opened: "2026-10-02T08:00:00Z",
    firstResponse: "2026-10-02T10:00:00Z",
    responseDue: "2026-10-02T09:00:00Z",
    resolved: "2026-10-03T08:00:00Z",
    resolutionDue: "2026-10-02T20:00:00Z",
    level: 2,
    fcr: false,
    reopen: 1,
    group: "A",
    service: "VPN",
    channel: "email",
    priority: 2,
  },
  // T3: request resolved in Oct after 48 h, never answered and past its response due time (a breach),
  // no resolution due time (outside the resolution SLA), L3, FCR unknown.
  {
    id: "T3",
    kind: "request",
    opened: "2026-10-05T08:00:00Z",
    responseDue: "2026-10-05T12:00:00Z",
    resolved: "2026-10-07T08:00:00Z",
    level: 3,
    group: "B",
    service: "Mail",
    channel: "phone",
    priority: 3,
  },
  // T4: request resolved in Oct after 1 h by automation, answered after 5 min, SLA met, FCR, L1.
  {
    id: "T4",
    kind: "request",
    opened: "2026-10-10T08:00:00Z",
    firstResponse: "2026-10-10T08:05:00Z",
    responseDue: "2026-10-10T09:00:00Z",
    resolved: "2026-10-10T09:00:00Z",
    resolutionDue: "2026-10-11T08:00:00Z",
    level: 1,
    fcr: true,
    automated: true,
    group: "B",
    service: "Mail",
    channel: "portal",
    priority: 4,
  },
  // T5: opened 31 Oct 21:00 Paris; resolved 2026-10-31T23:30Z = 1 Nov 00:30 in Paris → a NOVEMBER resolution.
  {
    id: "T5",
    opened: "2026-10-31T20:00:00Z",
    resolved: "2026-10-31T23:30:00Z",
    resolutionDue: "2026-11-01T08:00:00Z",
    level: 1,
    fcr: true,
    group: "A",
    channel: "monitoring",
  },
  // T6: opened in Oct, unresolved, unanswered but its response is not due yet (20 Nov > NOW): pending, not a breach.
  { id: "T6", opened: "2026-10-20T08:00:00Z", responseDue: "2026-11-20T08:00:00Z", group: "B", channel: "email" },
  // T7: opened in August, never resolved: in every backlog since, older than 30 days.
  { id: "T7", opened: "2026-08-15T08:00:00Z", group: "A" },
  // T8, T9: resolved in September (the previous period).
  {
    id: "T8",
    opened: "2026-09-10T08:00:00Z",
    firstResponse: "2026-09-10T08:10:00Z",
    responseDue: "2026-09-10T09:00:00Z",
    resolved: "2026-09-10T10:00:00Z",
    resolutionDue: "2026-09-10T09:00:00Z",
    level: 1,
    fcr: false,
    group: "A",
  },
  {
    id: "T9",
    opened: "2026-09-20T08:00:00Z",
    firstResponse: "2026-09-20T08:30:00Z",
    responseDue: "2026-09-20T09:00:00Z",
    resolved: "2026-09-22T08:00:00Z",
    resolutionDue: "2026-09-23T08:00:00Z",
    level: 2,
    fcr: true,
    group: "B",
  },
  // T10: opened 30 Sep 23:30 Paris (September), resolved 1 Oct 00:30 Paris (October), 1 h, FCR, L1, no due times.
  {
    id: "T10",
    opened: "2026-09-30T21:30:00Z",
    resolved: "2026-09-30T22:30:00Z",
    level: 1,
    fcr: true,
    group: "B",
    channel: "chat",
  },
];
