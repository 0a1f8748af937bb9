/**
 * The workflow logger, for lines written from a promise's rejection handler.
 *
 * Under heavy load a workflow task can run past the sandbox's execution timeout; the worker then fails the
 * task and disposes of the run's workflow context while some of its promise callbacks are still queued. A
 * callback that runs afterwards has no workflow to belong to: `log` (like every workflow API) throws there,
 * and an error thrown from a rejection handler becomes an unhandled rejection that ends the worker thread.
 * The run itself is replayed on its next task and redoes whatever the dropped line was about, so the line
 * is dropped instead of taking the worker down with it.
 */
import { inWorkflowContext, log } from '@temporalio/workflow';

type Attributes = Record<string, unknown>;

/** `log`, or nothing once the run's workflow context is gone. */
export const caseLog = {
  info: (message: string, attributes?: Attributes): void => {
    if (inWorkflowContext()) log.info(message, attributes);
  },
  warn: (message: string, attributes?: Attributes): void => {
    if (inWorkflowContext()) log.warn(message, attributes);
  },
  error: (message: string, attributes?: Attributes): void => {
    if (inWorkflowContext()) log.error(message, attributes);
  },
};

/** Whether code still runs inside its workflow (false after the context was disposed; see above). */
export { inWorkflowContext };
