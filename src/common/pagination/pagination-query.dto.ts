import { QueryIntField } from '../validation/api-fields';

/** `?page=&limit=` as docs/API.md defines them: page ≥ 1, limit 1..100, default 20. */
export class PaginationQueryDto {
  @QueryIntField({
    // Bounded so that the row offset always fits PostgreSQL's bigint.
    int: 'page must be a whole number',
    min: [1, 'page must be between 1 and 1000000'],
    max: [1_000_000, 'page must be between 1 and 1000000'],
    default: 1,
  })
  page: number = 1;

  @QueryIntField({
    int: 'limit must be a whole number',
    min: [1, 'limit must be between 1 and 100'],
    max: [100, 'limit must be between 1 and 100'],
    default: 20,
  })
  limit: number = 20;

  get offset(): number {
    return (this.page - 1) * this.limit;
  }
}
