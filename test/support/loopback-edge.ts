import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';

// A stand-in for the Envoy gateway on loopback: one plain HTTP and one HTTPS server, behaving per
// hostname (Host header, TLS SNI) as each test needs.

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}
export type Handler = (request: http.IncomingMessage) => Answer | 'hang';

export interface Site {
  /** The certificate chain (leaf first) and key served for this SNI name; 'hang': never finish the handshake. */
  readonly tls: { readonly chain: readonly string[]; readonly key: string } | 'hang';
  readonly http: Handler;
  readonly https: Handler;
}

export interface LoopbackEdge {
  readonly httpPort: number;
  readonly httpsPort: number;
  close(): Promise<void>;
}

/** Plain HTTP: 301 to the same host, path and query over HTTPS (what the redirect HTTPRoute does). */
export const redirectToHttps: Handler = (request) => ({
  status: 301,
  headers: { location: `https://${(request.headers.host ?? '').replace(/:\d+$/, '')}${request.url ?? '/'}` },
});

export const answer = (status: number, body = ''): Handler => () => ({ status, body });

export async function startEdge(sites: Record<string, Site>): Promise<LoopbackEdge> {
  const sockets = new Set<Socket>();
  const siteOf = (request: http.IncomingMessage) => sites[(request.headers.host ?? '').replace(/:\d+$/, '')];
  const serve = (pick: (site: Site) => Handler) => (request: http.IncomingMessage, response: http.ServerResponse) => {
    const site = siteOf(request);
    const result = site ? pick(site)(request) : { status: 404, body: 'no such site' };
    if (result === 'hang') return; // the client's deadline must end this
    response.writeHead(result.status, { 'content-type': 'text/plain', ...result.headers });
    response.end(result.body ?? '');
  };
  const contexts = new Map<string, tls.SecureContext>();
  for (const [name, site] of Object.entries(sites)) {
    if (site.tls !== 'hang') contexts.set(name, tls.createSecureContext({ cert: site.tls.chain.join('\n'), key: site.tls.key }));
  }

  const plain = http.createServer(serve((s) => s.http));
  const secure = https.createServer({
    SNICallback: (servername, callback) => {
      if (sites[servername]?.tls === 'hang') return; // handshake stalls
      const context = contexts.get(servername);
      if (context) callback(null, context);
      else callback(new Error(`no certificate for ${servername}`));
    },
  }, serve((s) => s.https));
  for (const server of [plain, secure]) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    server.on('tlsClientError', () => undefined); // clients that give up mid-handshake
  }
  const listen = (server: http.Server) => new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  const [httpPort, httpsPort] = [await listen(plain), await listen(secure)];
  return {
    httpPort,
    httpsPort,
    close: async () => {
      const closed = [plain, secure].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      sockets.forEach((socket) => socket.destroy());
      await Promise.all(closed);
    },
  };
}
