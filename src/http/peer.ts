import { isIP } from "node:net";
import type { Context, MiddlewareHandler } from "hono";

/** The socket @hono/node-server hands each request as `c.env.incoming`. */
type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

/**
 * The address of the peer that opened the TCP connection (never a header a client can forge).
 * Undefined for an in-process `http.request()` call, which only code inside kpibot can make.
 */
export function peerAddress(c: Context): string | undefined {
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** Whether an address is this machine: 127.0.0.0/8, ::1, or an IPv4-mapped loopback (::ffff:127.x). */
export function isLoopback(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, "");
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1";
}

/**
 * Whether the request comes from this machine. Behind a reverse proxy on the same machine every
 * request does: routes guarded by this must then stay unpublished by the proxy (docs/security.md).
 */
export function fromLoopback(c: Context): boolean {
  const address = peerAddress(c);
  return address === undefined || isLoopback(address);
}

/**
 * Whether the Host header names this machine. A page on another site can make a browser connect to
 * 127.0.0.1 under its own name (DNS rebinding); such a request carries that site's name as Host.
 */
export function hostIsLocal(c: Context): boolean {
  const host = c.req.header("host");
  if (host === undefined) return true; // HTTP/1.0 and in-process requests; browsers always send Host
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || (isIP(name) !== 0 && isLoopback(name));
}

/** Middleware: 403 for any peer that is not this machine (routes that cannot authenticate their caller). */
export function loopbackOnly(what: string): MiddlewareHandler {
  return async (c, next) => {
    if (!fromLoopback(c) || !hostIsLocal(c)) {
      return c.json({ error: `${what} only answers requests from this machine (loopback)` }, 403);
    }
    await next();
  };
}
