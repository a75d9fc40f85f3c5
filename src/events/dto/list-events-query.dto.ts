import { TextField } from '../../common/validation/api-fields';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';

export class ListEventsQueryDto extends PaginationQueryDto {
  @TextField({
    optional: true,
    example: 'sync.completed',
    description: 'Only events of this type',
    string: 'type must be a string',
    length: [1, 200, 'type must be 1 to 200 characters'],
  })
  type?: string;
}
