/**
 * The triage model store (issue 17, migration 1700000500000_triage_models.sql): each trained model is a new
 * version, never changed; the newest version of a template's models is the one that scores its cases.
 * The model itself is plain JSON (triage/classifier.ts); db/ keeps it opaque.
 */
import type { Pool } from 'pg';
import type { RefusedDepartment, TriageEvaluation } from '../contract';

export interface StoredTriageModel<M = unknown> {
  version: number;
  template: string;
  trainedAt: string;
  trainedOn: number;
  model: M;
  evaluation: TriageEvaluation;
  /** The departments it learnt (kept beside the model, so answers without the model can say them). */
  departments: string[];
  refused: RefusedDepartment[];
}

export interface NewTriageModel<M> {
  template: string;
  trainedOn: number;
  model: M;
  evaluation: TriageEvaluation;
  departments: string[];
  refused: RefusedDepartment[];
}

interface Row {
  version: string;
  template: string;
  trained_at: Date;
  trained_on: number;
  model?: unknown;
  evaluation: TriageEvaluation;
  departments: string[];
  refused: RefusedDepartment[];
}

const toModel = <M>(row: Row): StoredTriageModel<M> => ({
  // bigserial: pg hands it back as a string; versions stay far below 2^53.
  version: Number(row.version),
  template: row.template,
  trainedAt: row.trained_at.toISOString(),
  trainedOn: row.trained_on,
  model: row.model as M,
  evaluation: row.evaluation,
  departments: row.departments,
  refused: row.refused,
});

/** Stores a trained model as the next version. */
export async function saveTriageModel<M>(pool: Pool, m: NewTriageModel<M>): Promise<StoredTriageModel<M>> {
  const { rows } = await pool.query<Row>(
    `INSERT INTO triage_models (template, trained_on, model, evaluation, departments, refused)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING version, template, trained_at, trained_on, model, evaluation, departments, refused`,
    [
      m.template,
      m.trainedOn,
      JSON.stringify(m.model),
      JSON.stringify(m.evaluation),
      JSON.stringify(m.departments),
      JSON.stringify(m.refused),
    ],
  );
  return toModel<M>(rows[0]!);
}

/**
 * The newest model of a template, or undefined when none was trained. `withModel: false` leaves the token
 * counts (the large part) in the database, for answers that show only the evaluation.
 */
export async function latestTriageModel<M = unknown>(
  pool: Pool,
  template: string,
  options: { withModel: boolean } = { withModel: true },
): Promise<StoredTriageModel<M> | undefined> {
  const { rows } = await pool.query<Row>(
    `SELECT version, template, trained_at, trained_on, evaluation, departments, refused${options.withModel ? ', model' : ''}
       FROM triage_models WHERE template = $1 ORDER BY version DESC LIMIT 1`,
    [template],
  );
  return rows[0] && toModel<M>(rows[0]);
}
