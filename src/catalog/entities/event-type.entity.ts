import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type JsonSchema = Record<string, unknown>;

@Entity('event_types')
export class EventTypeEntity {
  @PrimaryColumn('text') type: string;
  @Column('text') description: string;
  @Column('jsonb', { nullable: true }) schema: JsonSchema | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
