/** Loading and error notices, announced to screen readers. */
export function ErrorNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p class="notice error" role="alert">
      {message}
    </p>
  );
}

export function Loading({ when }: { when: boolean }) {
  return when ? (
    <p class="muted" aria-live="polite">
      Loading…
    </p>
  ) : null;
}

export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return <output class="notice ok">{message}</output>;
}
