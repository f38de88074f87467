import { attributePath, diffFields } from '../../src/diff/field-diff';
import { isShrinkageIpCidr } from '../../src/diff/force-replacement';
import { lineDiff } from '../../src/diff/markdown-report';

describe('diffFields', () => {
  test('list items with names are keyed by name: an added listener is one field', () => {
    const before = { spec: { listeners: [{ name: 'http', port: 80 }, { name: 'https-conductor', port: 443 }] } };
    const after = { spec: { listeners: [{ name: 'http', port: 80 }, { name: 'https-conductor', port: 443 }, { name: 'https-mcp', port: 443 }] } };
    expect(diffFields(before, after)).toEqual([{ path: 'spec.listeners[https-mcp]', action: 'add', after: { name: 'https-mcp', port: 443 } }]);
  });

  test('a reordered named list is no change; a field inside a named item is addressed through its name', () => {
    const before = { l: [{ name: 'a', x: 1 }, { name: 'b', x: 2 }] };
    expect(diffFields(before, { l: [{ name: 'b', x: 2 }, { name: 'a', x: 1 }] })).toEqual([]);
    expect(diffFields(before, { l: [{ name: 'a', x: 1 }, { name: 'b', x: 3 }] })).toEqual([{ path: 'l[b].x', action: 'change', before: 2, after: 3 }]);
    expect(diffFields(before, { l: [{ name: 'a', x: 1 }] })).toEqual([{ path: 'l[b]', action: 'remove', before: { name: 'b', x: 2 } }]);
  });

  test('lists without names go by position; a list of plain values is one field', () => {
    expect(diffFields({ r: [{ p: 1 }, { p: 2 }] }, { r: [{ p: 1 }, { p: 3 }, { p: 4 }] })).toEqual([
      { path: 'r[1].p', action: 'change', before: 2, after: 3 },
      { path: 'r[2]', action: 'add', after: { p: 4 } },
    ]);
    expect(diffFields({ hostnames: ['a'] }, { hostnames: ['a', 'b'] })).toEqual([{ path: 'hostnames', action: 'change', before: ['a'], after: ['a', 'b'] }]);
  });

  test('keys that are not one path segment are quoted; attributePath drops positions and names', () => {
    expect(diffFields({ annotations: { 'iam.gke.io/gcp-service-account': 'a' } }, { annotations: { 'iam.gke.io/gcp-service-account': 'b' } }))
      .toEqual([{ path: 'annotations["iam.gke.io/gcp-service-account"]', action: 'change', before: 'a', after: 'b' }]);
    expect(attributePath('secondary_ip_range[0].range_name')).toBe('secondary_ip_range.range_name');
  });

  test('equal values give nothing; a removed key is one field whatever it held', () => {
    expect(diffFields({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toEqual([]);
    expect(diffFields({ a: { b: { c: 1, d: 2 } } }, { a: {} })).toEqual([{ path: 'a.b', action: 'remove', before: { c: 1, d: 2 } }]);
  });
});

describe('helpers of the report and the replacement table', () => {
  test('lineDiff: only the changed lines of a values YAML, old then new', () => {
    const before = 'crds:\n  enabled: true\nserviceAccount:\n  annotations:\n    iam.gke.io/gcp-service-account: a@p.iam.gserviceaccount.com\n';
    const after = 'crds:\n  enabled: true\nserviceAccount:\n  annotations:\n    iam.gke.io/gcp-service-account: b@p.iam.gserviceaccount.com\nreplicaCount: 2\n';
    expect(lineDiff(before, after)).toEqual([
      '-     iam.gke.io/gcp-service-account: a@p.iam.gserviceaccount.com',
      '+     iam.gke.io/gcp-service-account: b@p.iam.gserviceaccount.com',
      '+ replicaCount: 2',
    ]);
    expect(lineDiff(before, before)).toEqual([]);
  });

  test('isShrinkageIpCidr: replaced unless the new range contains the whole old one (provider IsShrinkageIpCidr)', () => {
    expect(isShrinkageIpCidr('10.10.0.0/20', '10.10.0.0/22')).toBe(true);
    expect(isShrinkageIpCidr('10.10.0.0/22', '10.10.0.0/20')).toBe(false);
    expect(isShrinkageIpCidr('10.10.0.0/20', '10.10.0.0/20')).toBe(false);
    expect(isShrinkageIpCidr('10.10.0.0/20', '10.12.0.0/20')).toBe(true);
    expect(isShrinkageIpCidr('10.10.4.0/22', '10.10.0.0/20')).toBe(false);
    expect(isShrinkageIpCidr('10.10.0.0/20', 'fd00::/64')).toBe(true);
    expect(isShrinkageIpCidr('not a range', '10.10.0.0/20')).toBe(false);
  });
});
