export const STORE_NAME = 'igny8/context';
/** Where the sector a user last worked in is remembered, per site, in this browser. */
export const SECTOR_STORAGE_KEY = 'igny8.sector.';
