import type { Fixture } from '../test/fixture-types';

/** Valid calls of the dashboard routes, for the route walk and the cross-tenant test. */
export const dashboardValidCalls: Record<string, Fixture> = {
  getPipelineCounts: (_ctx, t) => ({
    path: '/dashboard/pipeline',
    query: { site_id: t.siteId, sector_id: t.sectorId },
    invalidQuery: { site_id: 0 },
  }),
};
