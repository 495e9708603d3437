import { Button, Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  destructive?: boolean;
  busy?: boolean;
}

/** "Are you sure?" for writes that cannot be undone (WordPress 6.1 has only an experimental ConfirmDialog). */
export function ConfirmModal({ title, children, confirmLabel, onConfirm, onCancel, destructive = false, busy = false }: Props) {
  return (
    <Modal title={title} onRequestClose={onCancel} className="igny8-confirm-modal">
      <div className="igny8-confirm-modal__body">{children}</div>
      <div className="igny8-modal-actions">
        <Button variant="tertiary" onClick={onCancel} disabled={busy}>
          {__('Cancel', 'igny8-bridge')}
        </Button>
        <Button variant="primary" isDestructive={destructive} isBusy={busy} disabled={busy} onClick={onConfirm} data-testid="igny8-confirm">
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
