import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** docs/API.md's error body (§1); every error response has this shape. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: 'url must be an https:// URL' }) message: string;
  @ApiPropertyOptional({
    description: 'More about the error, e.g. one entry per invalid field',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  details?: unknown[];
  @ApiPropertyOptional({ description: 'Present on 500s: quote it to the operator, it is in the logs' })
  error_id?: string;
}

export interface FieldError {
  field: string;
  message: string;
}
