import { accountRoutes } from './accounts/routes';
import { authRoutes } from './auth/routes';
import { industryRoutes } from './industries/routes';
import type { Route } from './platform/http/route';
import { apiKeyRoutes, sectorRoutes, siteAccessRoutes, siteRoutes } from './sites/routes';
import { userRoutes } from './users/routes';
import { plannerRoutes } from './planner/routes';
import { writerRoutes } from './writer/routes';
import { creditRoutes } from './credits/routes';
import { aiRoutes } from './ai/routes';
import { integrationRoutes } from './integration/routes';
import { dashboardRoutes } from './dashboard/routes';

/** Every API route, in the order the OpenAPI document lists them. */
export const routes: Route[] = [
  ...authRoutes,
  ...accountRoutes,
  ...userRoutes,
  ...siteRoutes,
  ...apiKeyRoutes,
  ...sectorRoutes,
  ...siteAccessRoutes,
  ...industryRoutes,
  ...plannerRoutes,
  ...writerRoutes,
  ...creditRoutes,
  ...aiRoutes,
  ...integrationRoutes,
  ...dashboardRoutes,
];
