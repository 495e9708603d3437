import type { Route } from '../platform/http/route';
import { clusterRoutes, ideaRoutes } from './cluster-idea-routes';
import { keywordRoutes } from './keyword-routes';
import { seedKeywordRoutes } from './seed-routes';

export const plannerRoutes: Route[] = [...keywordRoutes, ...clusterRoutes, ...ideaRoutes, ...seedKeywordRoutes];
