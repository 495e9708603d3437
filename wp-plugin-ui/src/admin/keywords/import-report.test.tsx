import { fireEvent, render, screen, within } from '@testing-library/react';
import { ImportReport } from './import-report';

const base = {
  file_name: 'semrush.csv',
  progress: 100,
  rows_read: 8,
  created: 5,
  updated: 0,
  duplicates: 1,
  error_count: 2,
  errors: [
    { line: 4, reason: 'No keyword in this row' },
    { line: 9, reason: 'Difficulty must be 0–100' },
  ],
  failure: null,
};

describe('ImportReport', () => {
  it('shows a progress bar while the import runs', () => {
    render(<ImportReport state={{ ...base, status: 'running', progress: 40, rows_read: 400, errors: [] }} />);
    const bar = screen.getByRole('progressbar', { name: 'Importing semrush.csv' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.queryByTestId('igny8-import-errors')).toBeNull();
  });

  it('lists the refused rows by line number with their reason once it ends', () => {
    render(<ImportReport state={{ ...base, status: 'completed' }} />);
    expect(screen.getByTestId('igny8-import-summary').textContent).toBe(
      'semrush.csv: 8 rows read — 5 added, 0 updated, 1 duplicates skipped, 2 rows with errors.',
    );
    const rows = within(screen.getByTestId('igny8-import-errors')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['4No keyword in this row', '9Difficulty must be 0–100']);
    expect(within(rows[0] as HTMLElement).getByRole('rowheader').textContent).toBe('4');
  });

  it('pages through a long error report and says when only the first errors were kept', () => {
    const errors = Array.from({ length: 120 }, (_, index) => ({ line: index + 2, reason: `bad ${index + 2}` }));
    render(<ImportReport state={{ ...base, status: 'completed', error_count: 15000, errors }} />);
    expect(screen.getByText('The first 120 of 15,000 errors are listed.')).toBeTruthy();
    const table = screen.getByTestId('igny8-import-errors');
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    fireEvent.click(screen.getByRole('button', { name: 'Last page' }));
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(Array.from({ length: 20 }, (_, index) => String(index + 102)));
  });

  it('explains a failed import with its code', () => {
    render(
      <ImportReport
        state={{ ...base, status: 'failed', errors: [], error_count: 0, failure: { code: 'CSV_UNREADABLE', message: 'No keyword column found.' } }}
      />,
    );
    expect(screen.getByText('The import of semrush.csv failed.')).toBeTruthy();
    expect(screen.getByText('CSV_UNREADABLE').parentElement?.textContent).toContain('No keyword column found.');
  });
});
