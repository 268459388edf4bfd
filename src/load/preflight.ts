/**
 * Pre-flight: before any traffic, open (and immediately close) one TCP connection to the host and port the
 * profile names. No bytes are written, so nothing reaches the application. A target that cannot connect is
 * rejected with one line naming the profile and the address.
 */
import net from 'node:net';
import { EvalgateError } from '../core/errors.ts';

export interface TcpAddress {
  host: string;
  port: number;
}

/** Host and port of an http(s) URL (default ports 80 / 443; IPv6 brackets removed). */
export function addressOf(url: string): TcpAddress {
  const u = new URL(url);
  const port = u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port);
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

function _connect(addr: TcpAddress, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: addr.host, port: addr.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(err.code ?? err.message));
    });
  });
}

/**
 * Open one TCP connection to `url`'s host:port and close it. Throws EvalgateError (TARGET)
 * `<profile>: cannot connect to <host>:<port> (<why>); no traffic was sent` when it fails.
 */
export async function preflightHttp(url: string, profileDisplay: string, timeoutMs = 3000): Promise<void> {
  let addr: TcpAddress;
  try {
    addr = addressOf(url);
  } catch {
    throw new EvalgateError(
      'TARGET',
      `target URL ${url} is not a valid URL; no traffic was sent`,
      profileDisplay,
    );
  }
  await preflightTcp(addr, profileDisplay, timeoutMs);
}

/** The TCP check for any address (SDK targets pass their endpoint's host:port). */
export async function preflightTcp(
  addr: TcpAddress,
  profileDisplay: string,
  timeoutMs = 3000,
): Promise<void> {
  try {
    await _connect(addr, timeoutMs);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const shown = addr.host.includes(':') ? `[${addr.host}]:${addr.port}` : `${addr.host}:${addr.port}`;
    throw new EvalgateError(
      'TARGET',
      `cannot connect to ${shown} (${why}); no traffic was sent`,
      profileDisplay,
    );
  }
}
