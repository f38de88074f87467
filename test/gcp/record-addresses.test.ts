import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { AcmeChallengeCnames } from '../../src/gcp/constructs/acme-challenge-cnames';
import { DnsRecords } from '../../src/gcp/constructs/dns-records';

// A record's Terraform address is its construct id: it must come from the record's own id, under a
// prefix that keeps it apart from the construct's other children (a host whose id is `zone` or
// `parent-zone` must not collide with the zone lookup), and it must not change between versions
// (a new address destroys the live record and creates it again).

const resources = (build: (scope: Construct) => void): Record<string, Record<string, any>> =>
  JSON.parse(Testing.synthScope(build)).resource;

test('A records are addressed a-<id>, apart from the zone and address lookups', () => {
  const { google_dns_record_set: records } = resources((scope) => new DnsRecords(scope, 'records', {
    projectId: 'p-123456', region: 'us-central1', addressName: 'edge-gw-ip', zoneName: 'wti-net',
    records: [{ id: 'zone', name: 'zone.wti.net.' }, { id: 'gateway-address', name: 'gw.wti.net.' }, { id: 'conductor', name: 'conductor.wti.net.' }],
  }));
  expect(Object.keys(records).map((k) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['records_a-conductor', 'records_a-gateway-address', 'records_a-zone']);
  expect(Object.values(records).map((r) => [r.name, r.type])).toEqual([['conductor.wti.net.', 'A'], ['gw.wti.net.', 'A'], ['zone.wti.net.', 'A']]);
});

test('challenge CNAMEs are addressed cname-<id>, apart from the parent-zone lookup', () => {
  const { google_dns_record_set: records } = resources((scope) => new AcmeChallengeCnames(scope, 'cnames', {
    projectId: 'p-123456', parentZoneName: 'wti-net',
    cnames: [{ id: 'parent-zone', name: '_acme-challenge.parent-zone.wti.net.', target: 'parent-zone.wti.net.acme.wti.net.' }],
  }));
  expect(Object.keys(records).map((k) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['cnames_cname-parent-zone']);
  expect(Object.values(records)[0]).toMatchObject({ type: 'CNAME', ttl: 300, rrdatas: ['parent-zone.wti.net.acme.wti.net.'] });
});

test('without a zone there are no records, only the address to hand on', () => {
  let built: DnsRecords | undefined;
  const synthesized = JSON.parse(Testing.synthScope((scope) => {
    built = new DnsRecords(scope, 'records', { projectId: 'p-123456', region: 'us-central1', addressName: 'edge-gw-ip', records: [{ id: 'conductor', name: 'conductor.wti.net.' }] });
  }));
  expect(built!.records).toEqual([]);
  expect(synthesized.resource?.google_dns_record_set).toBeUndefined();
  expect(Object.keys(synthesized.data)).toEqual(['google_compute_address']);
});
