/**
 * Updates that reach a run before its plan is loaded. A case run by reference (issue 13) loads its plan
 * through a local activity before it registers its update handlers, and the SDK rejects an update that
 * has no handler at the end of the activation it arrived in. The first task of a run continued as new
 * (a long case, or one just migrated) is where a client's update often lands — sent while the previous
 * run was closing — and it failed with "No registered handler for update".
 *
 * So every case update gets a stand-in at the very start: it waits until the run has registered its real
 * handler and hands the update over. The stand-in has no validator, so such an update is accepted first
 * and then checked by the real handler, which re-checks every update anyway and fails it with the same
 * error its validator would have given (the API's answer is the same).
 *
 * Replay: no recorded history has an update accepted before its run's plan was loaded (those were
 * rejected, and rejected updates are not recorded), so histories recorded before replay unchanged.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';

type Handler<Ret, Args extends unknown[]> = (...args: Args) => Promise<Ret>;

export interface EarlyUpdates {
  /** Registers the real handler (and validator) of an update the stand-ins hold. */
  register<Ret, Args extends unknown[]>(
    def: UpdateDefinition<Ret, Args>,
    handler: Handler<Ret, Args>,
    validator: (...args: Args) => void,
  ): void;
  /** Every real handler is registered: held updates go to them. */
  open(): void;
}

/** Stand-ins for the given updates, registered now; call open() once the real handlers are. */
export function holdEarlyUpdates(defs: ReadonlyArray<Pick<UpdateDefinition<unknown>, 'name'>>): EarlyUpdates {
  const handlers = new Map<string, Handler<unknown, unknown[]>>();
  let opened = false;
  for (const def of defs)
    setHandler(defineUpdate<unknown, unknown[]>(def.name), async (...args: unknown[]) => {
      await condition(() => opened);
      const handler = handlers.get(def.name);
      if (handler === undefined) throw new Error(`no handler was registered for update ${def.name}`);
      return handler(...args);
    });
  return {
    register(def, handler, validator) {
      handlers.set(def.name, handler as Handler<unknown, unknown[]>);
      setHandler(def, handler, { validator });
    },
    open() {
      opened = true;
    },
  };
}
