/** Schema pieces the step kinds share: every step's `id` and `title`, and the optional `next`. */
import * as z from 'zod';
import { id } from '../schema-common';

/** The members every step starts with (a kind's `title` may replace the optional one, keeping its place). */
export const base = {
  id: id('step'),
  title: z.string().optional(),
};

/** A step without `next` continues with the step below it, so a straight flow reads top to bottom. */
export const next = id('step').optional().meta({ description: 'The next step; defaults to the step below.' });
