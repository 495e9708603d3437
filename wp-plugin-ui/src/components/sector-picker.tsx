import { SelectControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { __ } from '@wordpress/i18n';
import { contextStore } from '../store/context';

/** The sector the pages work in; remembered per site in this browser. */
export function SectorPicker() {
  const { sectors, sectorId } = useSelect(
    (select) => ({ sectors: select(contextStore).getSectors(), sectorId: select(contextStore).getSectorId() }),
    [],
  );
  const { selectSector } = useDispatch(contextStore);
  if (sectors.length === 0) {
    return null;
  }
  return (
    <SelectControl
      className="igny8-sector-picker"
      label={__('Sector', 'igny8-bridge')}
      value={String(sectorId ?? '')}
      options={sectors.map((sector) => ({ label: sector.name, value: String(sector.id) }))}
      onChange={(value: string) => selectSector(Number(value))}
    />
  );
}
