import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RecommendationSeverity = 'info' | 'warning' | 'critical';

/** Something the performance-service saw and what to do about it. */
@Entity({ name: 'recommendations' })
export class RecommendationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  severity!: RecommendationSeverity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'estimated_gain', type: 'text', nullable: true })
  estimatedGain!: string | null;

  @Column({ type: 'text' })
  scope!: string;

  /** Identifies "the same finding" so that a repeated analysis updates instead of duplicating. */
  @Column({ type: 'text', unique: true })
  fingerprint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
