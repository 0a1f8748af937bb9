/**
 * `npm run bench`: runs every benchmark and prints its report. Benchmarks are not tests: they never run
 * under `npm test`. To add one, export a function returning figures and call it here.
 */
import { formatFigures, runTemplateBench } from './templates.bench';

process.stdout.write(formatFigures('templates: validate + compile', runTemplateBench()));
