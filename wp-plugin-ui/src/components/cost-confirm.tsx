import { Button, Modal, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { aiStore } from '../store/ai';
import { contextStore } from '../store/context';
import { ErrorNotice } from './error-notice';
import { runsOnLocalEngine } from './local-engine';

interface Props {
  operation: string;
  units: number;
  /** The button that opens the confirmation. */
  label: string;
  disabled?: boolean;
  /** Starts the run once the user has seen the cost. */
  onConfirm: () => void;
  variant?: 'primary' | 'secondary';
}

/**
 * A button that shows what a run costs, and whether the account can afford it, before anything starts; or,
 * when the free local engine will do the work, that it costs nothing and what it makes.
 */
export function CostConfirm({ operation, units, label, disabled, onConfirm, variant = 'primary' }: Props) {
  const [open, setOpen] = useState(false);
  const local = useSelect((select) => runsOnLocalEngine(operation, select(contextStore).getContext()?.text_engine), [operation]);
  const { estimate, error } = useSelect(
    (select) => {
      if (!open || local) {
        return { estimate: undefined, error: undefined };
      }
      const store = select(aiStore);
      return { estimate: store.getEstimate(operation, units), error: store.getEstimateError(operation, units) };
    },
    [open, local, operation, units],
  );
  return (
    <>
      <Button variant={variant} disabled={disabled || units < 1} onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open && (
        <Modal title={label} onRequestClose={() => setOpen(false)} className="igny8-cost-modal">
          {local ? (
            <p className="igny8-cost igny8-cost--free">
              {__(
                'No AI provider is connected, so IGNY8’s free local engine does this: it groups keywords and writes outlines and drafts labelled as such, not finished articles. No credits are used.',
                'igny8-bridge',
              )}
            </p>
          ) : null}
          {error ? <ErrorNotice error={error} /> : null}
          {!local && !estimate && !error ? <Spinner /> : null}
          {estimate ? (
            <>
              <p className="igny8-cost">
                {sprintf(
                  /* translators: 1: credits this run costs, 2: credits available */
                  _n(
                    'This costs %1$d credit. You have %2$d available.',
                    'This costs %1$d credits. You have %2$d available.',
                    estimate.credits,
                    'igny8-bridge',
                  ),
                  estimate.credits,
                  estimate.available,
                )}
              </p>
              {!estimate.affordable ? (
                <p className="igny8-cost__short">{__('Not enough credits: choose fewer items or add credits.', 'igny8-bridge')}</p>
              ) : null}
            </>
          ) : null}
          <div className="igny8-modal-actions">
            <Button variant="tertiary" onClick={() => setOpen(false)}>
              {__('Cancel', 'igny8-bridge')}
            </Button>
            <Button
              variant="primary"
              disabled={!local && !estimate?.affordable}
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {__('Start', 'igny8-bridge')}
            </Button>
          </div>
        </Modal>
      )}
    </>
  );
}
