import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci-publisher', minLength: 1, maxLength: 100 })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['events:publish'],
    description: "Free-form labels kept with the key; the key acts with its owner's role",
  })
  @IsOptional()
  @IsArray({ message: 'scopes must be an array of strings' })
  @ArrayMaxSize(20, { message: 'scopes may hold at most 20 entries' })
  @IsString({ each: true, message: 'each scope must be a string' })
  @Matches(/^[a-z0-9:._-]{1,64}$/, { each: true, message: 'each scope must be 1-64 of a-z 0-9 : . _ -' })
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
