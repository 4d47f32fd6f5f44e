/**
 * The one way to acknowledge what the server changed: the same words wherever such a mark is
 * shown, so the coordinator learns it once.
 */
export function MarkAsSeenButton({
  onSeen,
  small = false,
}: {
  onSeen: () => Promise<unknown>;
  small?: boolean;
}) {
  return (
    <button
      type="button"
      className={small ? 'button button-quiet button-small' : 'button button-quiet'}
      onClick={() => void onSeen()}
    >
      Mark as seen
    </button>
  );
}
