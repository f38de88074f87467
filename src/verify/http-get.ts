import * as http from 'node:http';
import * as https from 'node:https';
import { withDeadline } from './network-error';

export interface HttpGetRequest {
  readonly scheme: 'http' | 'https';
  /** The IP address to connect to (DNS is done by the caller, or skipped with --resolve). */
  readonly address: string;
  readonly port: number;
  /** Sent as Host and, over TLS, as SNI. */
  readonly hostname: string;
  readonly path: string;
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly location?: string;
  /** The first bytes of the body (enough to recognize a text). */
  readonly body: string;
}

const MAX_BODY = 16 * 1024;

/**
 * One GET without following redirects, without connection reuse, within the deadline. Over TLS the
 * certificate is not judged here (the tls check does that), so a staging or broken certificate
 * still lets the HTTP layer be checked.
 */
export function httpGet(request: HttpGetRequest): Promise<HttpAnswer> {
  const defaultPort = request.scheme === 'https' ? 443 : 80;
  const host = request.port === defaultPort ? request.hostname : `${request.hostname}:${request.port}`;
  const options: https.RequestOptions = {
    host: request.address,
    port: request.port,
    path: request.path,
    method: 'GET',
    headers: { host, 'user-agent': 'edge-verify', accept: '*/*' },
    agent: false,
    servername: request.hostname,
    rejectUnauthorized: false,
  };
  return withDeadline(request.timeoutMs, (onTimeout) => new Promise<HttpAnswer>((resolve, reject) => {
    const req = (request.scheme === 'https' ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_BODY) done();
      });
      res.on('end', done);
      res.on('error', reject);
    });
    onTimeout(() => req.destroy());
    req.on('error', reject);
    req.end();
  }));
}
