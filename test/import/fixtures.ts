import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The canonical header, written out by hand (not taken from the code under test). */
export const HEADER =
  "external_id,kind,title,category,service,priority,channel,group,assignee,requester,opened_at,first_response_at,resolved_at,closed_at,response_due_at,resolution_due_at,support_level,first_contact_resolution,reopen_count,automated";

/** Three good tickets: offsets, empty cells, upper-case booleans/kind, fractions, a quoted comma. */
export const GOOD_ROWS = [
  'INC-1,incident,"Printer jam, 3rd floor",hardware,printing,2,phone,Service Desk,alice,bob,2026-03-02T09:15:00+01:00,2026-03-02T09:20:30+01:00,2026-03-02T10:00:00Z,2026-03-03T08:00:00Z,2026-03-02T09:45:00+01:00,2026-03-02T17:15:00+01:00,1,true,0,false',
  "REQ-7,request,New laptop,,,,portal,,,carol,2026-03-05T23:30:00-05:00,,,,,,,,,",
  "INC-2,Incident,Disk full on db01,infrastructure,database,1,monitoring,Ops,,,2026-03-10T02:00:00.250Z,2026-03-10T02:00:01Z,2026-03-10T02:05:00Z,,,2026-03-10T06:00:00Z,2,FALSE,3,TRUE",
];

/** A CSV text from lines (LF endings, trailing newline). */
export function csv(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

/** A temp folder for input files and their reports. */
export function tempDir(): { path(name: string): string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "kpibot-import-"));
  return {
    path: (name) => join(dir, name),
    write: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
