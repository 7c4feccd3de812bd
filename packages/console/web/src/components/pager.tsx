/** Previous/next buttons for server-side paging, with the position in words. */
export function Pager(props: {
  label: string;
  text: string;
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
}) {
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={!props.onPrev} onClick={() => props.onPrev?.()}>
        ← Previous
      </button>
      <span aria-live="polite">{props.text}</span>
      <button type="button" disabled={!props.onNext} onClick={() => props.onNext?.()}>
        Next →
      </button>
    </nav>
  );
}
