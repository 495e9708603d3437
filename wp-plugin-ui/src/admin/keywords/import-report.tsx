import { Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { Igny8Error } from '../../api/errors';
import type { KeywordImport } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { ProgressBar } from '../../components/progress-bar';
import { pageRange } from '../../components/table/list-state';
import { Pager } from '../../components/table/pager';
import { importProgressMessage, importSummary, isImportRunning } from './query';

export const ERROR_ROWS_PER_PAGE = 50;

type ImportState = Pick<
  KeywordImport,
  'file_name' | 'status' | 'progress' | 'rows_read' | 'created' | 'updated' | 'duplicates' | 'error_count' | 'errors' | 'failure'
>;

/** A CSV import: its progress while it runs, then what it did and which rows it refused, by line. */
export function ImportReport({ state, onDismiss }: { state: ImportState; onDismiss?: () => void }) {
  const [page, setPage] = useState(1);
  if (isImportRunning(state)) {
    return (
      <div className="igny8-import__progress" data-testid="igny8-import-progress">
        <ProgressBar
          value={state.progress}
          label={sprintf(/* translators: %s: the file's name */ __('Importing %s', 'igny8-bridge'), state.file_name)}
          message={importProgressMessage(state)}
        />
      </div>
    );
  }
  const range = pageRange(page, ERROR_ROWS_PER_PAGE, state.errors.length);
  const shown = state.errors.slice(range.from - 1, range.to);
  return (
    <div className="igny8-import__report" data-testid="igny8-import-report">
      <Notice
        status={state.status === 'failed' ? 'error' : state.error_count > 0 ? 'warning' : 'success'}
        isDismissible={Boolean(onDismiss)}
        onRemove={onDismiss}
      >
        <span data-testid="igny8-import-summary">{importSummary(state)}</span>
      </Notice>
      {state.failure ? <ErrorNotice error={new Igny8Error(state.failure.code, state.failure.message)} /> : null}
      {state.errors.length > 0 ? (
        <>
          {state.error_count > state.errors.length ? (
            <p className="igny8-import__truncated">
              {sprintf(
                /* translators: 1: errors listed, 2: errors in all */
                __('The first %1$s of %2$s errors are listed.', 'igny8-bridge'),
                state.errors.length.toLocaleString(),
                state.error_count.toLocaleString(),
              )}
            </p>
          ) : null}
          <table className="widefat striped igny8-table igny8-import__errors" data-testid="igny8-import-errors">
            <caption className="igny8-import__errors-caption">{__('Rows that were not imported', 'igny8-bridge')}</caption>
            <thead>
              <tr>
                <th scope="col" className="igny8-import__line">
                  {__('Line', 'igny8-bridge')}
                </th>
                <th scope="col">{__('Reason', 'igny8-bridge')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((error, index) => (
                <tr key={`${error.line}-${index}`}>
                  <th scope="row" className="igny8-import__line">
                    {error.line}
                  </th>
                  <td>{error.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.errors.length > ERROR_ROWS_PER_PAGE ? (
            <Pager page={page} pageSize={ERROR_ROWS_PER_PAGE} count={state.errors.length} onPage={setPage} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
