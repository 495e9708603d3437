import { coreData, corePage } from '../../api/client';
import type { ContentVersion, Publishing } from '../../api/types';

/** Reads that no other component shares, so they are fetched where they are shown rather than cached. */
export const fetchVersions = (id: number) => corePage<ContentVersion>(`writer/content/${id}/versions`, { page_size: 50 });

export const fetchPublishing = (id: number) => coreData<Publishing>(`writer/content/${id}/publishing`);
