import { createSocket, type Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

// A DNS server on a loopback UDP port, answering from a table as a recursive resolver would:
// A and AAAA records, CNAMEs followed within the table, NXDOMAIN for names not in it, an empty
// answer (NODATA) for a type a name lacks, and no answer at all for names listed as silent (to
// test timeouts).

const NXDOMAIN = 3;

interface NameRecords { readonly a?: readonly string[]; readonly aaaa?: readonly string[]; readonly cname?: string }
/** A name's records; a list is shorthand for its A records. */
export type DnsRecords = readonly string[] | NameRecords;

export interface LoopbackDns {
  /** host:port for --dns-server / Resolver.setServers. */
  readonly server: string;
  /** Every name asked, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

export async function startDns(records: Record<string, DnsRecords>, silent: readonly string[] = []): Promise<LoopbackDns> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  const lookup = (name: string): NameRecords | undefined => {
    const entry = records[name.toLowerCase()];
    return Array.isArray(entry) ? { a: entry as readonly string[] } : (entry as NameRecords | undefined);
  };
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
    const answers: dnsPacket.Answer[] = [];
    let owner = question.name;
    let entry = lookup(owner);
    // Follow CNAMEs (at most a few, as resolvers bound them) unless the CNAME itself was asked for.
    for (let hops = 0; entry?.cname && question.type !== 'CNAME' && hops < 8; hops += 1) {
      answers.push({ type: 'CNAME', class: 'IN', name: owner, ttl: 60, data: entry.cname });
      owner = entry.cname;
      entry = lookup(owner);
    }
    const data = question.type === 'A' ? entry?.a : question.type === 'AAAA' ? entry?.aaaa : question.type === 'CNAME' && entry?.cname ? [entry.cname] : undefined;
    for (const value of data ?? []) answers.push({ type: question.type as 'A', class: 'IN', name: owner, ttl: 60, data: value });
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (entry ? 0 : NXDOMAIN),
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
