import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, HIGHLIGHT, safeUrl } from "./logger.js";

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

/** A sink that keeps what is written; `tty` makes it look like a terminal to the logger. */
function sink(tty = false): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  if (tty) stream.isTTY = true;
  return { stream, text: () => chunks.join("") };
}

describe("log format (LOG_FORMAT)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("writes JSON lines when the output is not a terminal", () => {
    const out = sink();
    createLogger("info", out.stream).info({ port: 3000 }, "kpibot listening");
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, port: 3000, msg: "kpibot listening" });
  });

  it("writes human lines on a terminal, and JSON there too when LOG_FORMAT=json", () => {
    vi.stubEnv("NO_COLOR", "1");
    const tty = sink(true);
    createLogger("info", tty.stream).info({ port: 3000 }, "kpibot listening");
    expect(tty.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: kpibot listening \{"port":3000\}\n$/);
    const forced = sink(true);
    createLogger("info", forced.stream, "json").info("kpibot listening");
    expect(JSON.parse(forced.text())).toMatchObject({ msg: "kpibot listening" });
  });

  it("writes human lines into a pipe when LOG_FORMAT=pretty, without colours there", () => {
    const out = sink();
    createLogger("info", out.stream, "pretty").warn("careful");
    expect(out.text()).toMatch(/^\[[\d:.]+\] WARN: careful\n$/);
  });

  it("makes the highlighted line stand out: an arrow, in bold colour with the URL underlined on a terminal", () => {
    vi.stubEnv("NO_COLOR", "1");
    const plain = sink(true);
    createLogger("info", plain.stream).info(HIGHLIGHT, "playground: open http://localhost:3000/");
    expect(plain.text()).toMatch(/INFO: ➜ {2}playground: open http:\/\/localhost:3000\/\n$/);
    expect(plain.text()).not.toContain("highlight");
    vi.stubEnv("NO_COLOR", "");
    vi.stubEnv("FORCE_COLOR", "1");
    const coloured = sink(true);
    createLogger("info", coloured.stream).info(HIGHLIGHT, "playground: open http://localhost:3000/");
    expect(coloured.text()).toContain("\u001b[1m"); // bold
    expect(coloured.text()).toContain("\u001b[4mhttp://localhost:3000/\u001b[24m"); // underlined URL
  });

  it("hides secrets in human lines exactly as in JSON", () => {
    vi.stubEnv("NO_COLOR", "1");
    const out = sink(true);
    const log = createLogger("info", out.stream, "pretty");
    log.info({ config: { SLACK_BOT_TOKEN: "xoxb-secret-1" } }, "connecting to postgresql://kpibot:hunter2@db/kpibot");
    log.error(new Error("connect failed: postgresql://kpibot:hunter2@db:5432/kpibot?password=pw"), "store down");
    const text = out.text();
    expect(text).not.toContain("xoxb-secret-1");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("=pw");
    expect(text).toContain("postgresql://kpibot:***@db");
    expect(text).toContain("[redacted]");
  });
});
