// Container image references, after the grammar of github.com/distribution/reference (regexp.go).

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/**
 * Why `text` is not a pinned image reference, or undefined when it is. Pinned: a tag other than
 * `latest`, or a digest. Without either, or with `latest`, every pull may run different code.
 */
export function imageProblem(text: string): string | undefined {
  const match = REFERENCE.exec(text);
  // A first component is a registry only when it looks like one (a dot, a port, localhost).
  if (!match || (match[1] !== undefined && !/[.:[]|^localhost$/.test(match[1]) && match[1] !== match[1].toLowerCase())) {
    return 'is not an image reference';
  }
  const [, domain, name, tag, digest] = match;
  if ((domain ? domain.length + 1 : 0) + name.length > 255) return 'has a repository name longer than 255 characters';
  if (!tag && !digest) return 'has neither a tag nor a digest';
  if (tag === 'latest' && !digest) return 'uses the moving tag "latest"';
  return undefined;
}
