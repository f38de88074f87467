import { createSocket, type Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

// An authoritative DNS server on a loopback UDP port: A answers from a table, NXDOMAIN for other
// names, and no answer at all for names listed as silent (to test timeouts).

const NXDOMAIN = 3;

export interface LoopbackDns {
  /** host:port for --dns-server / Resolver.setServers. */
  readonly server: string;
  /** Every name asked, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

export async function startDns(records: Record<string, readonly string[]>, silent: readonly string[] = []): Promise<LoopbackDns> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, remote) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: ignore
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    queries.push(name);
    if (silent.includes(name)) return;
    const addresses = records[name];
    const answers = question.type === 'A' && addresses ? addresses.map((data) => ({ type: 'A' as const, class: 'IN' as const, name: question.name, ttl: 60, data })) : [];
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (addresses ? 0 : NXDOMAIN),
      questions: [question],
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
