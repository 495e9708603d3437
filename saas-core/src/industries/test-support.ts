import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** An industry with one industry sector, made directly: the industry catalogue is platform data. */
export async function newIndustrySector(
  knex: Knex,
  names: { industry: string; sector: string; sectorSlug: string },
): Promise<{ industryId: number; industrySectorId: number }> {
  const now = new Date();
  const [industryId] = (await knex('industries').insert({
    name: names.industry,
    slug: `${names.industry.toLowerCase().replace(/\W+/g, '-')}-${randomUUID()}`,
    isActive: true,
    createdAt: now,
    updatedAt: now,
  })) as number[];
  const [industrySectorId] = (await knex('industry_sectors').insert({
    industryId,
    name: names.sector,
    slug: names.sectorSlug,
    isActive: true,
    createdAt: now,
    updatedAt: now,
  })) as number[];
  return { industryId: industryId!, industrySectorId: industrySectorId! };
}
