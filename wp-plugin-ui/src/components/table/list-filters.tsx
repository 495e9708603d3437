import { SearchControl, SelectControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { statusOptions } from './status';

interface Props {
  /** The search box's label, e.g. "Search tasks". */
  searchLabel: string;
  search: string;
  onSearch: (value: string) => void;
  status: string;
  statuses: readonly string[];
  onStatus: (value: string) => void;
  /** Further filters of the list, after the status. */
  children?: ReactNode;
}

/** A list's search box and status filter, labelled for everyone, with any further filters after them. */
export function ListFilters({ searchLabel, search, onSearch, status, statuses, onStatus, children }: Props) {
  return (
    <div className="igny8-toolbar" role="search">
      <SearchControl
        __nextHasNoMarginBottom
        className="igny8-toolbar__search"
        label={searchLabel}
        hideLabelFromVision={false}
        value={search}
        onChange={(value: string) => onSearch(value)}
      />
      <SelectControl
        __nextHasNoMarginBottom
        label={__('Status', 'igny8-bridge')}
        value={status}
        options={statusOptions(statuses)}
        onChange={(value: string) => onStatus(value)}
      />
      {children}
    </div>
  );
}
