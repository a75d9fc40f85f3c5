import { ApiProperty } from '@nestjs/swagger';
import { TextField, TextListField } from '../../../common/validation/api-fields';

export class CreateApiKeyDto {
  @TextField({
    example: 'ci-publisher',
    string: 'name must be a string',
    length: [1, 100, 'name must be 1 to 100 characters'],
  })
  name: string;

  @TextListField({
    optional: true,
    example: ['events:publish'],
    description: "Free-form labels kept with the key; the key acts with its owner's role",
    array: 'scopes must be an array of strings',
    maxItems: [20, 'scopes may hold at most 20 entries'],
    each: {
      string: 'each scope must be a string',
      pattern: [/^[a-z0-9:._-]{1,64}$/, 'each scope must be 1-64 of a-z 0-9 : . _ -'],
    },
  })
  scopes?: string[];
}

export class ApiKeyDto {
  @ApiProperty({ example: 'key_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'hrld_AbC123', description: 'The first characters of the key, to recognise it' })
  prefix: string;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_used_at: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself: shown this once, store it now' }) key: string;
}
