import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { loadEnvironments } from '../../src/environments/environments';
import { environmentOfDistFolder } from '../../src/config/environment-names';
import { STACK_KINDS } from '../../src/config/environment-names';
import { applyCommands } from '../../src/k8s/apply';
import { cliFlags } from './code';
import { codeSpans, docRules, fences, listDocs, prose, readDoc, REPO } from './markdown';
import { recognizePath, repoRoots } from './paths';

// Commands in the docs refer to npm scripts, stacks, files and the cluster that exist.

const config = loadConfig({ env: {} });
const scripts = Object.keys(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts as Record<string, string>);
const CDKTF_STACK_COMMANDS = ['deploy', 'diff', 'destroy', 'output'];
const SHELL_BLOCKS = ['', 'sh', 'bash', 'shell', 'console', 'zsh'];
const roots = repoRoots(docRules().oldRepository.prefix);

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
const tokens = (command: string) => command.split('$(')[0].trim().split(/\s+/).map((t) => t.replace(/^["']|["']$/g, '')).filter((t) => !/^<[^>]*>$/.test(t));

/** A stack id is a kind (default environment) or <environment>-<kind> (src/config/names.ts). */
const knownStack = (id: string) => STACK_KINDS.some((kind) => id === kind || new RegExp(`^[a-z][-a-z0-9]{0,19}-${kind}$`).test(id));

/** Flags passed after `--` to an npm script that the script's CLI does not parse. */
function flagProblem(script: string, args: string[]): string | undefined {
  const known = cliFlags(script);
  if (known === undefined || args[0] !== '--') return undefined; // not a CLI of this repository, or no arguments for it
  const unknown = args.slice(1).filter((w) => w.startsWith('-')).map((w) => w.split('=')[0]).filter((f) => !known.has(f));
  return unknown.length === 0 ? undefined : `npm run ${script}: ${unknown.join(', ')} is not an option its CLI parses (${[...known].join(', ')})`;
}

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
    if (!scripts.includes(script)) return `npm script "${script}" is not in package.json (scripts: ${scripts.join(', ')})`;
    return flagProblem(script, rest.slice(rest.indexOf(script) + 1));
  }
  if (tool === 'cp') {
    // A documented copy works on a fresh clone: the source exists and so does the destination's folder.
    const [from, to] = [sub, ...rest].filter((w) => !w.startsWith('-'));
    const inRepo = (p: string | undefined) => p !== undefined && recognizePath(p, roots) !== undefined;
    if (inRepo(from) && !existsSync(path.join(REPO, from))) return `cp ${from}: no such file in the repository`;
    const folder = to === undefined ? undefined : to.endsWith('/') ? to : path.posix.dirname(to);
    if (inRepo(to) && folder !== undefined && !existsSync(path.join(REPO, folder))) return `cp to ${to}: the folder ${folder} does not exist in a fresh clone`;
  }
  if ((tool === 'terraform' || tool === 'tofu') && sub?.startsWith('-chdir=')) {
    // The terraform / tofu deploy path runs in a synthesized stack folder.
    const dir = sub.slice('-chdir='.length).replace(/\/$/, '');
    const id = /^cdktf\.out\/stacks\/([^/]+)$/.exec(dir)?.[1];
    if (id === undefined) return `${tool} ${sub}: run it in a stack folder, cdktf.out/stacks/<stack>`;
    return /^<[^>]*>$/.test(id) || knownStack(id) ? undefined : `${tool} ${sub}: unknown stack ${id}; stack ids: ${STACK_KINDS.join(', ')}, or <environment>-<one of them>`;
  }
  if (tool === 'cdktf' && CDKTF_STACK_COMMANDS.includes(sub)) {
    const stacks = rest.filter((w) => !w.startsWith('-'));
    if (stacks.length === 0 && !/<[^>]*>/.test(command)) return `cdktf ${sub} needs a stack id (${STACK_KINDS.join(', ')})`;
    const known = knownStack;
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

/** The command that applies an environment's folder (the last of src/k8s/apply.ts's applyCommands). */
const applyCommand = (folder: string) => applyCommands({ ...config, environment: environmentOfDistFolder(folder)! }, folder).at(-1)!;

/** kubectl applies of a synthesized folder (dist/, dist-<env>/) in a doc, each with its folder. */
function distApplies(text: string): { command: string; folder: string }[] {
  return commandsOf(text).flatMap((command) => {
    const [tool, sub, ...rest] = tokens(command).filter((w) => !/^[A-Z_]+=/.test(w));
    if (tool !== 'kubectl' || sub !== 'apply') return [];
    const target = rest.find((w, i) => ['-f', '--filename', '-k', '--kustomize'].includes(rest[i - 1]) || /^--(filename|kustomize)=/.test(w));
    const folder = target?.replace(/^--\w+=/, '').replace(/\/$/, '');
    return folder !== undefined && environmentOfDistFolder(folder) !== undefined ? [{ command, folder }] : [];
  });
}

/** Applies of a doc that are not the one apply command. */
function applyProblems(text: string): string[] {
  return distApplies(text)
    .filter(({ command, folder }) => command !== applyCommand(folder))
    .map(({ command, folder }) => `${command}: apply ${folder}/ with exactly the command applyCommands() in src/k8s/apply.ts renders for it`);
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
      'npm run synth -- --env staging', 'npm run synth -- --only=k8s', 'npm run verify -- --endpoint conductor --json', 'npm run verify -- -h',
      'npm run diff -- --base origin/main --head HEAD', 'npm run crds:update -- --set envoy-gateway=v1.10.0', 'npm run bench -- --save-reference',
      'npm run mutate -- --force', 'npm run cdktf -- deploy platform',
      'npm run verify -- --resolve conductor.wti.net:"$(gcloud compute addresses describe x --region=r --format=\'value(address)\')"',
      'cp config/examples/staging.yaml config/environments/staging.yaml', 'cp config/examples/staging.yaml config/environments/',
      'terraform -chdir=cdktf.out/stacks/platform init', 'tofu -chdir=cdktf.out/stacks/staging-dns-records apply', 'terraform -chdir=cdktf.out/stacks/<stack> plan',
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
    expect(commandProblem('npm run synth -- --environment staging')).toMatch(/--environment is not an option/);
    expect(commandProblem('npm run verify -- --endpoints conductor')).toMatch(/--endpoints is not an option/);
    expect(commandProblem('npm run diff -- --json --since HEAD~1')).toMatch(/--since is not an option/);
    expect(commandProblem('npm run crds:update -- --pin envoy-gateway=v1.10.0')).toMatch(/--pin is not an option/);
    expect(commandProblem('cp config/examples/nope.yaml config/environments/nope.yaml')).toMatch(/no such file/);
    expect(commandProblem('terraform -chdir=cdktf.out/stacks/network init')).toMatch(/unknown stack network/);
    expect(commandProblem('tofu -chdir=cdktf.out/platform apply')).toMatch(/run it in a stack folder/);
    expect(commandProblem('cp config/examples/staging.yaml config/envs/staging.yaml')).toMatch(/folder config\/envs does not exist/);
  });
});

describe('the apply-command checker', () => {
  const doc = (...lines: string[]) => lines.join('\n');

  it('finds applies of dist/ and dist-<env>/ in shell blocks and inline code, not other applies', () => {
    const text = doc('Run `kubectl apply -f dist/`.', '```sh', applyCommand('dist-staging'), 'kubectl apply -f - ', 'kubectl apply --server-side -f crds/', '```');
    expect(distApplies(text).map((a) => a.folder)).toEqual(['dist-staging', 'dist']);
  });

  it('accepts exactly the rendered command', () => {
    expect(applyProblems(doc('```sh', ...applyCommands(config, 'dist'), '```'))).toEqual([]);
    expect(applyProblems(doc('```sh', applyCommand('dist-staging'), '```'))).toEqual([]);
  });

  it('rejects the bare form, another apply mode or another ApplySet', () => {
    expect(applyProblems(doc('```sh', 'kubectl apply -f dist/', '```'))).toEqual([expect.stringMatching(/^kubectl apply -f dist\/: apply dist\/ with exactly the command/)]);
    expect(applyProblems(doc('```sh', 'kubectl apply --server-side -f dist/', '```'))).toHaveLength(1);
    expect(applyProblems(doc('```sh', applyCommand('dist-staging').replace('dist-staging/', 'dist/'), '```'))).toHaveLength(1);
    expect(applyProblems(doc('```sh', applyCommand('dist').replace(' --prune', ''), '```'))).toHaveLength(1);
  });
});

describe('commands in docs', () => {
  it.each(listDocs())('%s applies a synthesized folder only with the one apply command', (doc) => {
    expect(applyProblems(readDoc(doc))).toEqual([]);
  });

  it('the environments folder the docs copy into is in a fresh clone, and synthesis reads only its .yaml files', () => {
    const tracked = execFileSync('git', ['ls-files', '--', 'config/environments'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(0);
    const environments = tracked.filter((f) => f.endsWith('.yaml')).map((f) => path.basename(f, '.yaml'));
    expect(loadEnvironments({ env: {} }).map((c) => c.environment)).toEqual(['default', ...environments]);
  });

  it.each(listDocs())('%s runs only scripts, stacks and files that exist', (doc) => {
    const problems = commandsOf(readDoc(doc)).map((c) => [c, commandProblem(c)]).filter(([, p]) => p !== undefined);
    expect(problems).toEqual([]);
  });
});
