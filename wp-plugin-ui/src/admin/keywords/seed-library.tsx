import { Button, Modal, Notice, SearchControl, Spinner } from '@wordpress/components';
import { useDispatch } from '@wordpress/data';
import { useEffect, useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { coreData } from '../../api/client';
import type { DataOf, SeedKeyword } from '../../api/types';
import { ErrorNotice } from '../../components/error-notice';
import { DataTable, orDash, type Column } from '../../components/table/data-table';
import { Pager } from '../../components/table/pager';
import { useCollectionPage, useDebouncedValue } from '../../components/table/use-list';
import { plannerStore } from '../../store/planner';

type Sector = DataOf<'getSector'>;
export interface SeedAdded {
  created: number;
  duplicates: number;
}

const PAGE_SIZE = 50;

/** The seed library of the sector's industry: search it, tick keywords, add them to the sector. */
export function SeedLibraryModal({
  siteId,
  sectorId,
  onClose,
  onAdded,
}: {
  siteId: number;
  sectorId: number;
  onClose: () => void;
  onAdded: (added: SeedAdded) => void;
}) {
  const [sector, setSector] = useState<Sector | null>(null);
  const [sectorError, setSectorError] = useState<unknown>(null);
  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput.trim());
  const [paging, setPaging] = useState({ search: '', page: 1 });
  const page = paging.search === search ? paging.page : 1;
  const [selected, setSelected] = useState<number[]>([]);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>(null);
  const { addSeedKeywords } = useDispatch(plannerStore) as unknown as {
    addSeedKeywords(siteId: number, sectorId: number, ids: number[]): Promise<SeedAdded>;
  };

  // Which industry sector the library is read for; the context only names the sector.
  useEffect(() => {
    let current = true;
    coreData<Sector>(`auth/sectors/${sectorId}`).then(
      (found) => current && setSector(found),
      (thrown: unknown) => current && setSectorError(thrown),
    );
    return () => {
      current = false;
    };
  }, [sectorId]);

  const query = useMemo(
    () =>
      sector
        ? {
            ...(sector.industry_sector_id ? { industry_sector_id: sector.industry_sector_id } : {}),
            ...(search ? { search } : {}),
            page,
            page_size: PAGE_SIZE,
            ordering: '-volume',
          }
        : null,
    [sector, search, page],
  );
  const { page: seeds, error, loading } = useCollectionPage<SeedKeyword>(plannerStore, 'seedKeywords', query);

  const columns: Column<SeedKeyword>[] = [
    { key: 'keyword', label: __('Keyword', 'igny8-bridge'), isRowHeader: true, render: (seed) => seed.keyword },
    { key: 'volume', label: __('Volume', 'igny8-bridge'), render: (seed) => orDash(seed.volume) },
    { key: 'difficulty', label: __('Difficulty', 'igny8-bridge'), render: (seed) => orDash(seed.difficulty) },
    { key: 'intent', label: __('Intent', 'igny8-bridge'), render: (seed) => orDash(seed.intent) },
  ];

  const add = async () => {
    setAdding(true);
    setAddError(null);
    try {
      onAdded(await addSeedKeywords(siteId, sectorId, selected));
    } catch (thrown: unknown) {
      setAddError(thrown);
      setAdding(false);
    }
  };

  return (
    <Modal title={__('Add keywords from the seed library', 'igny8-bridge')} onRequestClose={onClose} className="igny8-seed-modal">
      <ErrorNotice error={sectorError} />
      {sector && !sector.industry_sector_id ? (
        <Notice status="info" isDismissible={false}>
          {__('This sector has no industry set, so the whole library is shown.', 'igny8-bridge')}
        </Notice>
      ) : null}
      <SearchControl
        __nextHasNoMarginBottom
        className="igny8-seed-modal__search"
        label={__('Search the seed library', 'igny8-bridge')}
        value={searchInput}
        onChange={(value: string) => setSearchInput(value)}
      />
      <ErrorNotice error={error} />
      {!seeds && !error && !sectorError ? <Spinner /> : null}
      {seeds && seeds.count === 0 ? (
        <p className="igny8-empty">
          {search
            ? __('No seed keywords match this search.', 'igny8-bridge')
            : __('The library has no keywords for this industry yet.', 'igny8-bridge')}
        </p>
      ) : null}
      {seeds && seeds.count > 0 ? (
        <>
          <DataTable
            rows={seeds.results}
            columns={columns}
            caption={__('Seed keywords', 'igny8-bridge')}
            testId="igny8-seed-table"
            selection={{
              selected,
              onChange: setSelected,
              rowLabel: (seed) => sprintf(/* translators: %s: a keyword */ __('Select seed keyword %s', 'igny8-bridge'), seed.keyword),
              selectAllLabel: __('Select all seed keywords on this page', 'igny8-bridge'),
            }}
          />
          <Pager page={page} pageSize={PAGE_SIZE} count={seeds.count} onPage={(next) => setPaging({ search, page: next })} />
          {loading ? <Spinner /> : null}
        </>
      ) : null}
      <ErrorNotice error={addError} />
      <div className="igny8-modal-actions">
        <span className="igny8-bulk__count">
          {sprintf(/* translators: %d: seed keywords selected */ _n('%d selected', '%d selected', selected.length, 'igny8-bridge'), selected.length)}
        </span>
        <Button variant="tertiary" onClick={onClose}>
          {__('Cancel', 'igny8-bridge')}
        </Button>
        <Button variant="primary" disabled={selected.length === 0 || adding} isBusy={adding} onClick={add} data-testid="igny8-seed-add">
          {sprintf(
            /* translators: %d: seed keywords to add */ _n('Add %d keyword', 'Add %d keywords', selected.length, 'igny8-bridge'),
            selected.length,
          )}
        </Button>
      </div>
    </Modal>
  );
}
