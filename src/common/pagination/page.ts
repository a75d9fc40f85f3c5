import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PaginationQueryDto } from './pagination-query.dto';

/** docs/API.md's list shape: `{data, page, limit, total}`. */
export interface Page<T> {
  data: T[];
  page: number;
  limit: number;
  total: number;
}

export function toPage<T>(data: T[], total: number, query: PaginationQueryDto): Page<T> {
  return { data, page: query.page, limit: query.limit, total };
}

const pageClasses = new Map<Type, Type>();

/** A named OpenAPI schema for `Page<Item>`, so the spec documents each list precisely. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const existing = pageClasses.get(item);
  if (existing) return existing as Type<Page<T>>;
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] }) data: T[];
    @ApiProperty({ example: 1 }) page: number;
    @ApiProperty({ example: 20 }) limit: number;
    @ApiProperty({ example: 57 }) total: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  pageClasses.set(item, PageDto);
  return PageDto;
}
