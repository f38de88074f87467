// Prints dist/*.yaml as one stream for `egctl x translate`, plus a throwaway self-signed TLS Secret
// for every Secret a Gateway listener references (cert-manager makes the real ones in a cluster), so
// the translator resolves every reference as it would once certificates are issued. CI only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const dist = path.resolve(process.argv[2] ?? 'dist');
const objects = readdirSync(dist)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJS()))
  .filter(Boolean);

const secrets = new Map();
for (const gw of objects.filter((o) => o.kind === 'Gateway')) {
  for (const listener of gw.spec.listeners ?? []) {
    for (const ref of listener.tls?.certificateRefs ?? []) {
      const namespace = ref.namespace ?? gw.metadata.namespace;
      secrets.set(`${namespace}/${ref.name}`, { namespace, name: ref.name, hostname: listener.hostname ?? 'example.invalid' });
    }
  }
}
const work = mkdtempSync(path.join(tmpdir(), 'egctl-'));
try {
  for (const { namespace, name, hostname } of secrets.values()) {
    const key = path.join(work, 'tls.key');
    const crt = path.join(work, 'tls.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${hostname}`,
      '-addext', `subjectAltName=DNS:${hostname}`, '-keyout', key, '-out', crt], { stdio: 'ignore' });
    objects.push({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace },
      data: { 'tls.crt': readFileSync(crt).toString('base64'), 'tls.key': readFileSync(key).toString('base64') },
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(objects.map((o) => stringify(o)).join('---\n'));
