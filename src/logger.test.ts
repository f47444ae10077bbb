import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, safeUrl } from "./logger.js";

describe("logger", () => {
  it("never writes secrets", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger("info", sink);
    log.info(
      {
        config: { SLACK_BOT_TOKEN: "xoxb-secret-1", KPIBOT_SECRET: "s3cr3t-value-123456" },
        headers: { authorization: "Bearer abc.def" },
      },
      "hello",
    );
    const text = lines.join("");
    expect(text).toContain("hello");
    expect(text).not.toContain("xoxb-secret-1");
    expect(text).not.toContain("s3cr3t-value-123456");
    expect(text).not.toContain("Bearer abc.def");
    expect(text).toContain("[redacted]");
  });

  it("hides the password of a database URL", () => {
    expect(safeUrl("postgresql://kpibot:hunter2@db:5432/kpibot")).toBe("postgresql://kpibot:***@db:5432/kpibot");
    expect(safeUrl("file:./data/kpibot.db")).toBe("file:./data/kpibot.db");
  });
});
