import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { STACK_KINDS } from '../../src/config/names';
import { codeSpans, fences, listDocs, prose, readDoc, REPO } from './markdown';

// Commands in the docs refer to npm scripts, stacks, files and the cluster that exist.

const config = loadConfig({ env: {} });
const scripts = Object.keys(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts as Record<string, string>);
const CDKTF_STACK_COMMANDS = ['deploy', 'diff', 'destroy', 'output'];
const SHELL_BLOCKS = ['', 'sh', 'bash', 'shell', 'console', 'zsh'];

/** Simple commands of a doc: shell fenced blocks (line continuations joined) and inline code with a space. */
function commandsOf(text: string): string[] {
  const fromFences = fences(text)
    .filter((f) => SHELL_BLOCKS.includes(f.info.split(/\s/)[0]))
    .flatMap((f) => f.content.replace(/\\\n/g, ' ').split('\n'));
  const fromSpans = codeSpans(prose(text)).map((s) => s.text).filter((t) => /\s/.test(t.trim()));
  return [...fromFences, ...fromSpans]
    .map((line) => line.replace(/(^|\s)#.*$/, '').replace(/^\s*\$\s+/, '').replace(/\s+/g, ' ').trim())
    .flatMap((line) => line.split(/\s*(?:&&|\|\||;|\|)\s*/))
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** Words of a command; `<placeholder>` words are dropped (docs may show a command's shape). */
const tokens = (command: string) => command.split(/\s+/).map((t) => t.replace(/^["']|["']$/g, '')).filter((t) => !/^<[^>]*>$/.test(t));

/** What is wrong with one simple command, or undefined. */
function commandProblem(command: string): string | undefined {
  const words = tokens(command);
  // leading VAR=value assignments
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, value] = words.shift()!.split(/=(.*)/s);
    if (name === 'INFRA_CONFIG' && value.startsWith('config/') && !existsSync(path.join(REPO, value))) {
      return `INFRA_CONFIG names ${value}, which does not exist`;
    }
  }
  if (words[0] === 'npx') words.shift();
  const [tool, sub, ...rest] = words;
  if (tool === 'npm' && sub === 'run') {
    const script = rest.find((w) => !w.startsWith('-'));
    if (script === undefined) return undefined; // `npm run` alone lists the scripts; `npm run <script>` shows the shape
    return scripts.includes(script) ? undefined : `npm script "${script}" is not in package.json (scripts: ${scripts.join(', ')})`;
  }
  if (tool === 'cdktf' && CDKTF_STACK_COMMANDS.includes(sub)) {
    const stacks = rest.filter((w) => !w.startsWith('-'));
    if (stacks.length === 0 && !/<[^>]*>/.test(command)) return `cdktf ${sub} needs a stack id (${STACK_KINDS.join(', ')})`;
    // A stack id is a kind (default environment) or <environment>-<kind> (src/config/names.ts).
    const known = (id: string) => STACK_KINDS.some((kind) => id === kind || new RegExp(`^[a-z][-a-z0-9]{0,19}-${kind}$`).test(id));
    const unknown = stacks.filter((s) => !known(s));
    return unknown.length === 0 ? undefined : `unknown stack ${unknown.join(', ')}; stack ids: ${STACK_KINDS.join(', ')}, or <environment>-<one of them>`;
  }
  if (tool === 'kubectl' && ['apply', 'delete', 'diff', 'create'].includes(sub)) {
    const files = rest.flatMap((w, i) => (w === '-f' || w === '--filename' ? [rest[i + 1]] : w.startsWith('--filename=') ? [w.slice(11)] : []));
    const missing = files.filter((f) => f !== undefined && f !== '-' && !/^https?:/.test(f) && !existsSync(path.join(REPO, f)));
    return missing.length === 0 ? undefined : `kubectl ${sub} -f ${missing.join(', ')}: no such path in the repository`;
  }
  if (tool === 'gcloud' && sub === 'container' && rest[0] === 'clusters' && rest[1] === 'get-credentials') {
    const args = rest.slice(2);
    const flag = (name: string) => {
      const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
      return i < 0 ? undefined : args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
    };
    const cluster = args.find((a) => !a.startsWith('-') && !Object.values({ r: flag('region'), l: flag('location'), p: flag('project') }).includes(a));
    const location = flag('location') ?? flag('region');
    if (cluster === undefined) return undefined; // the command named in prose, without arguments
    if (cluster !== config.cluster.name) return `get-credentials names cluster ${cluster}, the config says ${config.cluster.name}`;
    if (location !== config.project.region) return `get-credentials uses location ${location}, the config says ${config.project.region}`;
  }
  return undefined;
}

describe('the command checker', () => {
  it('finds commands in shell blocks and inline code, joining continuations and splitting on && and |', () => {
    const text = ['Run `npm run synth` then:', '```sh', 'npm ci && npm run synth   # comment', 'npx cdktf deploy \\', '  platform', '```', '```yaml', 'npm run nope: 1', '```'].join('\n');
    expect(commandsOf(text)).toEqual(['npm ci', 'npm run synth', 'npx cdktf deploy platform', 'npm run synth']);
  });

  it('accepts real scripts, stacks, files and the configured cluster', () => {
    for (const c of [
      'npm run synth', 'npm run -s typecheck', 'npm test', 'npx cdktf deploy platform addons', 'npx cdktf diff dns-records',
      'kubectl apply -f dist/', 'kubectl delete -f dist/0004-routes.k8s.yaml', 'kubectl apply -f -', 'INFRA_CONFIG=config/default.yaml npm run synth',
      `gcloud container clusters get-credentials ${config.cluster.name} --location=${config.project.region} --project=${config.project.id}`,
      `gcloud container clusters get-credentials ${config.cluster.name} --region ${config.project.region}`,
    ]) expect([c, commandProblem(c)]).toEqual([c, undefined]);
  });

  it('rejects unknown scripts and stacks, missing files and another cluster', () => {
    expect(commandProblem('npm run deploy')).toMatch(/not in package.json/);
    expect(commandProblem('npx cdktf deploy network')).toMatch(/unknown stack network/);
    expect(commandProblem('npx cdktf destroy')).toMatch(/needs a stack id/);
    expect(commandProblem('kubectl apply -f manifests/')).toMatch(/no such path/);
    expect(commandProblem('INFRA_CONFIG=config/nope.yaml npm run synth')).toMatch(/does not exist/);
    expect(commandProblem(`gcloud container clusters get-credentials other --region ${config.project.region}`)).toMatch(/names cluster other/);
    expect(commandProblem(`gcloud container clusters get-credentials ${config.cluster.name} --region europe-west1`)).toMatch(/location europe-west1/);
  });
});

describe('commands in docs', () => {
  it.each(listDocs())('%s runs only scripts, stacks and files that exist', (doc) => {
    const problems = commandsOf(readDoc(doc)).map((c) => [c, commandProblem(c)]).filter(([, p]) => p !== undefined);
    expect(problems).toEqual([]);
  });
});
