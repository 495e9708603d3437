import { Notice } from '@wordpress/components';
import { Igny8Error, plainMessage } from '../api/errors';

/** An error in plain words, with its stable code for support. */
export function ErrorNotice({ error, onRemove }: { error: unknown; onRemove?: () => void }) {
  if (!error) {
    return null;
  }
  const known = error instanceof Igny8Error ? error : new Igny8Error('UNEXPECTED', error instanceof Error ? error.message : String(error));
  return (
    <Notice status="error" isDismissible={Boolean(onRemove)} onRemove={onRemove} className="igny8-error">
      {plainMessage(known)} <code className="igny8-error__code">{known.code}</code>
    </Notice>
  );
}
