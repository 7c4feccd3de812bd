/**
 * ssl.principal.mapping.rules (KIP-371, Kafka's SslPrincipalMapper): turns the distinguished name
 * of a client certificate's subject (RFC 2253: "CN=alice,OU=eng,O=acme") into a user name.
 *
 * Rules are tried in order; the first that matches wins:
 * - `DEFAULT` returns the whole distinguished name;
 * - `RULE:pattern/replacement/` applies when `pattern` (a regular expression) matches the whole
 *   name, which then becomes `replacement` with `$1`... standing for the pattern's groups; a
 *   trailing `L` or `U` lower- or upper-cases the result.
 * A `/` or `\` inside a pattern or replacement is escaped with `\`. A name no rule matches is an
 * authentication failure (Kafka's NoMatchingRule). Pure functions: no I/O, no state.
 */

export class PrincipalMappingError extends Error {
  readonly code = 'INVALID_RULE' as const;
}

export class NoMatchingRuleError extends Error {
  readonly code = 'NO_MATCHING_RULE' as const;
}

export type MappingRule =
  | { readonly kind: 'default' }
  | {
      readonly kind: 'rule';
      readonly pattern: RegExp;
      readonly replacement: string;
      readonly caseChange: '' | 'L' | 'U';
    };

// One rule at the start of `rest`: DEFAULT, or RULE: with '/'-delimited parts that may hold escapes.
const RULE = /^\s*(?:(DEFAULT)|RULE:((?:\\.|[^\\/])*)\/((?:\\.|[^\\/])*)\/([LU]?))\s*(?:,|$)/;

/** Parses the config value; throws PrincipalMappingError naming the first rule it cannot read. */
export function parsePrincipalMappingRules(value: string): MappingRule[] {
  const rules: MappingRule[] = [];
  let rest = value.trim();
  if (rest === '') return [{ kind: 'default' }];
  while (rest.length > 0) {
    const m = RULE.exec(rest);
    if (!m) throw new PrincipalMappingError(`Invalid rule: ${rest.split(',')[0]}`);
    if (m[1]) rules.push({ kind: 'default' });
    else rules.push(compileRule(m[2] as string, m[3] as string, (m[4] ?? '') as '' | 'L' | 'U'));
    rest = rest.slice(m[0].length).trim();
  }
  return rules;
}

function compileRule(pattern: string, replacement: string, caseChange: '' | 'L' | 'U'): MappingRule {
  const source = pattern.replace(/\\\//g, '/');
  try {
    return {
      kind: 'rule',
      pattern: new RegExp(`^(?:${source})$`),
      replacement: replacement.replace(/\\\//g, '/'),
      caseChange,
    };
  } catch (err) {
    throw new PrincipalMappingError(
      `Invalid rule: RULE:${pattern}/${replacement}/${caseChange}: ${(err as Error).message}`,
    );
  }
}

/** The user name for `distinguishedName`; throws NoMatchingRuleError when no rule applies. */
export function mapPrincipalName(rules: readonly MappingRule[], distinguishedName: string): string {
  for (const rule of rules) {
    if (rule.kind === 'default') return distinguishedName;
    if (!rule.pattern.test(distinguishedName)) continue;
    const replaced = distinguishedName.replace(rule.pattern, rule.replacement);
    if (rule.caseChange === 'L') return replaced.toLowerCase();
    if (rule.caseChange === 'U') return replaced.toUpperCase();
    return replaced;
  }
  throw new NoMatchingRuleError(`No rules apply to ${distinguishedName}`);
}

/**
 * RFC 2253 form of a certificate subject as node prints it (X509Certificate.subject: one
 * "KEY=value" per line, RFC 2253-escaped, in the certificate's order, i.e. least specific first):
 * most specific first, comma-separated, as Java's X500Principal.getName() gives Kafka.
 */
export function subjectToDistinguishedName(subject: string): string {
  return subject
    .split('\n')
    .filter((line) => line.length > 0)
    .reverse()
    .join(',');
}
