import { fireEvent, render, screen, within } from '@testing-library/react';
import { DataTable, type Column } from './data-table';
import { Pager } from './pager';

interface Row {
  id: number;
  keyword: string;
  volume: number;
}

const rows: Row[] = [
  { id: 1, keyword: 'trail shoes', volume: 900 },
  { id: 2, keyword: 'running socks', volume: 300 },
];
const columns: Column<Row>[] = [
  { key: 'keyword', label: 'Keyword', sortField: 'keyword', isRowHeader: true, render: (row) => row.keyword },
  { key: 'volume', label: 'Volume', sortField: 'volume', startDescending: true, render: (row) => row.volume },
  { key: 'note', label: 'Note', render: () => '—' },
];
const selection = (selected: number[], onChange: (ids: number[]) => void) => ({
  selected,
  onChange,
  rowLabel: (row: Row) => `Select keyword ${row.keyword}`,
  selectAllLabel: 'Select all keywords on this page',
});

describe('DataTable', () => {
  it('labels its headers and rows for screen readers and marks the sorted column', () => {
    render(<DataTable rows={rows} columns={columns} caption="Keywords" ordering="-volume" onOrder={() => undefined} testId="t" />);
    const table = screen.getByTestId('t');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.getAttribute('scope')),
    ).toEqual(['col', 'col', 'col']);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['trail shoes', 'running socks']);
    expect(
      within(table)
        .getByRole('columnheader', { name: /Volume/ })
        .getAttribute('aria-sort'),
    ).toBe('descending');
    expect(
      within(table)
        .getByRole('columnheader', { name: /Keyword/ })
        .getAttribute('aria-sort'),
    ).toBe('none');
    expect(within(table).getByRole('columnheader', { name: 'Note' }).hasAttribute('aria-sort')).toBe(false);
    expect(within(table).queryAllByRole('checkbox')).toHaveLength(0);
  });

  it('asks for the next ordering when a sortable header is clicked', () => {
    const onOrder = jest.fn();
    render(<DataTable rows={rows} columns={columns} caption="Keywords" ordering="-volume" onOrder={onOrder} />);
    fireEvent.click(screen.getByRole('button', { name: /Volume/ }));
    fireEvent.click(screen.getByRole('button', { name: /Keyword/ }));
    expect(onOrder.mock.calls).toEqual([['volume'], ['keyword']]);
  });

  it('selects one row, or the whole page from the select-all box', () => {
    const onChange = jest.fn();
    render(<DataTable rows={rows} columns={columns} caption="Keywords" selection={selection([7], onChange)} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select keyword running socks' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all keywords on this page' }));
    expect(onChange.mock.calls).toEqual([[[7, 2]], [[7, 1, 2]]]);
  });

  it('shows a partly selected page as indeterminate and a fully selected one as checked', () => {
    const { rerender } = render(<DataTable rows={rows} columns={columns} caption="Keywords" selection={selection([1], () => undefined)} />);
    const all = () => screen.getByRole('checkbox', { name: 'Select all keywords on this page' }) as HTMLInputElement;
    expect(all().checked).toBe(false);
    expect(all().indeterminate).toBe(true);
    rerender(<DataTable rows={rows} columns={columns} caption="Keywords" selection={selection([1, 2], () => undefined)} />);
    expect(all().checked).toBe(true);
    expect(all().indeterminate).toBe(false);
  });

  it('draws a row’s detail under it across the whole width', () => {
    render(
      <DataTable
        rows={rows}
        columns={columns}
        caption="Keywords"
        selection={selection([], () => undefined)}
        renderDetail={(row) => (row.id === 2 ? <p>details of {row.keyword}</p> : null)}
      />,
    );
    const cell = screen.getByText('details of running socks').closest('td');
    expect(cell?.getAttribute('colspan')).toBe('4');
  });
});

describe('Pager', () => {
  it('says which rows are shown and moves between pages', () => {
    const onPage = jest.fn();
    render(<Pager page={2} pageSize={25} count={120} onPage={onPage} />);
    expect(screen.getByText('26–50 of 120')).toBeTruthy();
    expect(screen.getByText('Page 2 of 5')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    fireEvent.click(screen.getByRole('button', { name: 'First page' }));
    expect(onPage.mock.calls).toEqual([[3], [1]]);
  });

  it('has no page buttons when everything fits on one page', () => {
    render(<Pager page={1} pageSize={25} count={3} onPage={() => undefined} />);
    expect(screen.getByText('1–3 of 3')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
