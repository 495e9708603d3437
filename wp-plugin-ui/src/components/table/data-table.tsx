import { Button, CheckboxControl } from '@wordpress/components';
import { Fragment } from '@wordpress/element';
import type { ReactNode } from 'react';
import { ariaSort, nextOrdering, pageSelectionState, setPageSelected, toggleId } from './list-state';
import './table.scss';

export interface Column<Row> {
  key: string;
  label: string;
  render: (row: Row) => ReactNode;
  /** The `ordering` field this column sorts by; absent for columns that do not sort. */
  sortField?: string;
  /** Numbers and dates read best largest first. */
  startDescending?: boolean;
  /** The cell that names the row (a `<th scope="row">`). */
  isRowHeader?: boolean;
  className?: string;
}

export interface TableSelection<Row> {
  selected: number[];
  onChange: (selected: number[]) => void;
  /** The checkbox's accessible name, e.g. "Select keyword running shoes". */
  rowLabel: (row: Row) => string;
  selectAllLabel: string;
}

interface Props<Row extends { id: number }> {
  rows: Row[];
  columns: Column<Row>[];
  /** Read by screen readers before the table. */
  caption: string;
  className?: string;
  testId?: string;
  ordering?: string;
  onOrder?: (ordering: string) => void;
  /** Without it the table has no checkboxes (read-only viewers, lists without bulk actions). */
  selection?: TableSelection<Row> | null;
  /** A row's detail under it, when the row is expanded. */
  renderDetail?: (row: Row) => ReactNode | null;
  rowClassName?: (row: Row) => string | undefined;
}

/** A wp-admin list table (`widefat striped`) with sortable headers, row selection and expandable rows. */
export function DataTable<Row extends { id: number }>({
  rows,
  columns,
  caption,
  className,
  testId,
  ordering,
  onOrder,
  selection,
  renderDetail,
  rowClassName,
}: Props<Row>) {
  const pageIds = rows.map((row) => row.id);
  const state = selection ? pageSelectionState(selection.selected, pageIds) : 'none';
  const chosen = new Set(selection?.selected ?? []);
  const width = columns.length + (selection ? 1 : 0);

  return (
    <table className={['widefat', 'striped', 'igny8-table', className].filter(Boolean).join(' ')} data-testid={testId}>
      <caption className="screen-reader-text">{caption}</caption>
      <thead>
        <tr>
          {selection ? (
            <td className="igny8-table__check">
              <CheckboxControl
                __nextHasNoMarginBottom
                label=""
                aria-label={selection.selectAllLabel}
                data-testid="igny8-select-all"
                checked={state === 'all'}
                indeterminate={state === 'some'}
                onChange={(checked: boolean) => selection.onChange(setPageSelected(selection.selected, pageIds, checked))}
              />
            </td>
          ) : null}
          {columns.map((column) => {
            const sort = column.sortField && onOrder ? ariaSort(ordering, column.sortField) : undefined;
            return (
              <th
                key={column.key}
                scope="col"
                className={['igny8-table__col', `igny8-table__col--${column.key}`, column.className].filter(Boolean).join(' ')}
                aria-sort={sort}
              >
                {column.sortField && onOrder ? (
                  <Button
                    variant="link"
                    className="igny8-table__sort"
                    onClick={() => onOrder(nextOrdering(ordering, column.sortField as string, column.startDescending))}
                  >
                    {column.label}
                    {/* Dashicons: the icon font every wp-admin page loads (a text arrow may have no glyph). */}
                    <span
                      className={`igny8-table__sort-indicator dashicons dashicons-${sort === 'ascending' ? 'arrow-up' : sort === 'descending' ? 'arrow-down' : 'sort'}`}
                      aria-hidden="true"
                    />
                  </Button>
                ) : (
                  column.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const detail = renderDetail ? renderDetail(row) : null;
          return (
            <Fragment key={row.id}>
              <tr className={[chosen.has(row.id) ? 'is-selected' : '', rowClassName?.(row) ?? ''].join(' ').trim() || undefined} data-id={row.id}>
                {selection ? (
                  <td className="igny8-table__check">
                    <CheckboxControl
                      __nextHasNoMarginBottom
                      label=""
                      aria-label={selection.rowLabel(row)}
                      className="igny8-row-select"
                      checked={chosen.has(row.id)}
                      onChange={(checked: boolean) => selection.onChange(toggleId(selection.selected, row.id, checked))}
                    />
                  </td>
                ) : null}
                {columns.map((column) =>
                  column.isRowHeader ? (
                    <th key={column.key} scope="row" className={`igny8-table__cell igny8-table__cell--${column.key}`}>
                      {column.render(row)}
                    </th>
                  ) : (
                    <td key={column.key} className={`igny8-table__cell igny8-table__cell--${column.key}`}>
                      {column.render(row)}
                    </td>
                  ),
                )}
              </tr>
              {detail ? (
                <tr className="igny8-table__detail">
                  <td colSpan={width}>{detail}</td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** A dash for a value the core does not have. */
export function orDash(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  return typeof value === 'number' ? value.toLocaleString() : value;
}

/** A date as the browser's locale writes it. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
