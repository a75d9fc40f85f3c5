import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';

export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'sync.completed', description: 'Only events of this type' })
  @IsOptional()
  @IsString({ message: 'type must be a string' })
  @Length(1, 200, { message: 'type must be 1 to 200 characters' })
  type?: string;
}
