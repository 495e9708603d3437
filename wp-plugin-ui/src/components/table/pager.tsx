import { Button, SelectControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { clampPage, pageRange } from './list-state';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

interface Props {
  page: number;
  pageSize: number;
  count: number;
  onPage: (page: number) => void;
  onPageSize?: (pageSize: number) => void;
  /** What the rows are, for the range text ("keywords"). */
  label?: string;
}

/** "1–25 of 120", first/previous/next/last, and how many rows a page shows. */
export function Pager({ page, pageSize, count, onPage, onPageSize }: Props) {
  const range = pageRange(page, pageSize, count);
  const current = clampPage(page, range.pages);
  return (
    <div className="igny8-pager" data-testid="igny8-pager">
      <span className="igny8-pager__range" aria-live="polite">
        {count === 0
          ? __('No results', 'igny8-bridge')
          : sprintf(
              /* translators: 1: number of the first row shown, 2: number of the last row shown, 3: number of rows in all */
              __('%1$s–%2$s of %3$s', 'igny8-bridge'),
              range.from.toLocaleString(),
              range.to.toLocaleString(),
              count.toLocaleString(),
            )}
      </span>
      {range.pages > 1 ? (
        <span className="igny8-pager__pages">
          <Button variant="tertiary" disabled={current <= 1} onClick={() => onPage(1)} label={__('First page', 'igny8-bridge')}>
            «
          </Button>
          <Button variant="tertiary" disabled={current <= 1} onClick={() => onPage(current - 1)} label={__('Previous page', 'igny8-bridge')}>
            ‹
          </Button>
          <span className="igny8-pager__current">
            {sprintf(/* translators: 1: current page, 2: number of pages */ __('Page %1$d of %2$d', 'igny8-bridge'), current, range.pages)}
          </span>
          <Button variant="tertiary" disabled={current >= range.pages} onClick={() => onPage(current + 1)} label={__('Next page', 'igny8-bridge')}>
            ›
          </Button>
          <Button variant="tertiary" disabled={current >= range.pages} onClick={() => onPage(range.pages)} label={__('Last page', 'igny8-bridge')}>
            »
          </Button>
        </span>
      ) : null}
      {onPageSize ? (
        <SelectControl
          __nextHasNoMarginBottom
          className="igny8-pager__size"
          label={__('Rows per page', 'igny8-bridge')}
          value={String(pageSize)}
          options={PAGE_SIZES.map((size) => ({ label: String(size), value: String(size) }))}
          onChange={(value: string) => onPageSize(Number(value))}
        />
      ) : null}
    </div>
  );
}
