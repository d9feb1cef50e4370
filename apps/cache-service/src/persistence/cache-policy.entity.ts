import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current policy of one namespace; every change bumps `version` and is kept in the history. */
@Entity({ name: 'policies' })
export class CachePolicyEntity {
  @PrimaryColumn({ type: 'text' })
  namespace!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  policy!: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
