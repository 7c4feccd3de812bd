/**
 * IncrementalAlterConfigs' list operations, shared by topic and broker configs: APPEND adds each
 * comma-separated value not already in the list, SUBTRACT removes every occurrence of each.
 */
function split(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function applyListOp(
  current: string | null | undefined,
  op: 'APPEND' | 'SUBTRACT',
  value: string | null,
): string {
  const items = split(current);
  const given = split(value);
  const next =
    op === 'APPEND' ? [...items, ...given.filter((g) => !items.includes(g))] : items.filter((i) => !given.includes(i));
  return next.join(',');
}
