import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the test server answers one path. `body` is served whole unless a fault is set;
 * `faults` is consumed one per request (then the path behaves normally), so "fail twice,
 * then succeed" is `faults: ['500', '500']`.
 */
export interface Route {
  body?: Uint8Array;
  /** Permanent status for every request (e.g. 404). */
  status?: number;
  /** Redirect (302) to this path or URL. */
  redirect?: string;
  /** Faults for the next requests, in order. */
  faults?: Fault[];
}

/**
 * `500`: HTTP 500. `reset`: send half the body with the full Content-Length, then destroy
 * the socket. `corrupt`: the right length of wrong bytes. `stall`: headers, then silence.
 */
export type Fault = '500' | 'reset' | 'corrupt' | 'stall';

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  routes: Map<string, Route>;
  /** Requests received per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export interface ServerLimits {
  /** Requests after this many are answered 503 and not counted as served. */
  maxRequests?: number;
  /** The server closes itself after this long, whatever the test does. */
  lifetimeMs?: number;
}

/**
 * Starts a deliberately misbehaving HTTP server on 127.0.0.1 (an ephemeral port) that
 * serves files from memory. Bounded: at most `maxRequests` requests and `lifetimeMs` of
 * life, so a runaway retry loop in the code under test cannot run on.
 */
export async function startTestServer(routes: Record<string, Route>, limits: ServerLimits = {}): Promise<TestServer> {
  const maxRequests = limits.maxRequests ?? 200;
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  let total = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    total += 1;
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (total > maxRequests) {
      response.writeHead(503).end('request limit reached');
      return;
    }
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = table.get(path);
    if (route === undefined) {
      response.writeHead(404, 'Not Found').end();
      return;
    }
    if (route.status !== undefined) {
      response.writeHead(route.status).end();
      return;
    }
    if (route.redirect !== undefined) {
      response.writeHead(302, { location: route.redirect }).end();
      return;
    }
    const body = route.body ?? new Uint8Array();
    const fault = route.faults?.shift();
    if (fault === '500') {
      response.writeHead(500, 'Internal Server Error').end();
      return;
    }
    response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    if (fault === 'stall') {
      response.flushHeaders();
      return;
    }
    if (fault === 'reset') {
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => request.socket.destroy(), 20);
      });
      return;
    }
    if (fault === 'corrupt') {
      response.end(Buffer.alloc(body.length, 0x5a));
      return;
    }
    response.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async (): Promise<void> => {
    clearTimeout(lifetime);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const lifetime = setTimeout(() => void close(), limits.lifetimeMs ?? 30_000);
  lifetime.unref();
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, routes: table, hits, close };
}
