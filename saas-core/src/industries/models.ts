import { BaseModel } from '../platform/db/base-model';

/** Industries, their sectors and seed keywords are a shared library, not tenant data. */
export class Industry extends BaseModel {
  static override tableName = 'industries';
  static override booleanColumns = ['isActive'];

  name!: string;
  slug!: string;
  description!: string | null;
  isActive!: boolean;
  sectors?: IndustrySector[];

  static override relationMappings = () => ({
    sectors: {
      relation: BaseModel.HasManyRelation,
      modelClass: IndustrySector,
      join: { from: 'industries.id', to: 'industry_sectors.industryId' },
    },
  });
}

export class IndustrySector extends BaseModel {
  static override tableName = 'industry_sectors';
  static override booleanColumns = ['isActive'];

  industryId!: number;
  name!: string;
  slug!: string;
  description!: string | null;
  isActive!: boolean;
}

export class SeedKeyword extends BaseModel {
  static override tableName = 'seed_keywords';
  static override booleanColumns = ['isActive'];

  industryId!: number;
  industrySectorId!: number;
  keyword!: string;
  normalizedKeyword!: string;
  volume!: number | null;
  difficulty!: number | null;
  intent!: string | null;
  isActive!: boolean;
}
