/**
 * Step two of the set-up, against a running Temporal frontend: caseflow's namespace exists with the
 * retention the organisation chose (how long an auditor can read a closed case's Temporal history), and
 * caseflow's search attributes are registered with the right types and visible — checked, not assumed,
 * because a worker whose upserts fail stalls every case. Idempotent; safe to run while cases run.
 */
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { caseSearchAttributes } from '../workflows/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
/** gRPC status codes (not a direct dependency of ours, so named here). */
const status = { NOT_FOUND: 5, ALREADY_EXISTS: 6 } as const;
type IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const wantedType: Record<'Keyword' | 'Int', IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

export class SetupRefused extends Error {}

export interface NamespaceReport {
  namespace: string;
  created: boolean;
  retentionDays: number;
  searchAttributesAdded: string[];
}

export async function setupTemporalNamespace(options: {
  connection: Connection;
  namespace: string;
  retentionSeconds: number;
  log: (line: string) => void;
  /** How long to keep trying while a fresh server or namespace settles (default 120 s). */
  timeoutMs?: number;
}): Promise<NamespaceReport> {
  const { connection, namespace, retentionSeconds, log } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const created = await ensureNamespace(connection, namespace, retentionSeconds, log);
  const added = await retrying(deadline, () => ensureSearchAttributes(connection, namespace));
  if (added.length) log(`registered search attributes ${added.join(', ')} in ${namespace}`);
  // A fresh attribute takes a moment to reach every frontend's cache: wait until it is listed.
  await retrying(deadline, async () => {
    const missing = await missingAttributes(connection, namespace);
    if (missing.length) throw new Error(`search attributes not visible yet: ${missing.join(', ')}`);
  });
  return { namespace, created, retentionDays: retentionSeconds / 86_400, searchAttributesAdded: added };
}

async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionSeconds: number,
  log: (line: string) => void,
): Promise<boolean> {
  const retention = msToTs(retentionSeconds * 1000);
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    // A refusal changes nothing: the search attributes' types are checked before the retention is touched
    // (a namespace too fresh to list them yet is checked again before any attribute is added).
    const attributes = await registered(connection, namespace).catch(() => undefined);
    if (attributes) refuseOtherTypes(namespace, attributes);
    const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
    if (current !== retentionSeconds) {
      await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: retention },
      });
      log(`namespace ${namespace}: retention changed from ${days(current)} to ${days(retentionSeconds)}`);
    } else {
      log(`namespace ${namespace} exists (retention ${days(retentionSeconds)})`);
    }
    return false;
  } catch (err) {
    if (!isGrpcServiceError(err) || Number(err.code) !== status.NOT_FOUND) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: retention,
      description: 'caseflow cases',
    });
    log(`namespace ${namespace} registered (retention ${days(retentionSeconds)})`);
    return true;
  } catch (err) {
    // Another set-up registered it between our describe and register: that is the outcome we wanted.
    if (isGrpcServiceError(err) && Number(err.code) === status.ALREADY_EXISTS) return false;
    throw err;
  }
}

async function registered(
  connection: Connection,
  namespace: string,
): Promise<Record<string, IndexedValueType>> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  return listed.customAttributes ?? {};
}

async function missingAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const current = await registered(connection, namespace);
  return Object.keys(caseSearchAttributes).filter((name) => current[name] === undefined);
}

/** Adds the missing ones; refuses when one exists with another type (a worker's upserts would fail). */
async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const current = await registered(connection, namespace);
  refuseOtherTypes(namespace, current);
  const missing = Object.entries(caseSearchAttributes).filter(([name]) => current[name] === undefined);
  if (!missing.length) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, wantedType[type]])),
  });
  return missing.map(([name]) => name);
}

/** Throws SetupRefused naming every caseflow search attribute that `namespace` has with another type. */
function refuseOtherTypes(namespace: string, current: Record<string, IndexedValueType>): void {
  const wrong = Object.entries(caseSearchAttributes).filter(
    ([name, type]) => current[name] !== undefined && current[name] !== wantedType[type],
  );
  if (wrong.length) {
    throw new SetupRefused(
      wrong
        .map(
          ([name, type]) =>
            `search attribute ${name} is registered in ${namespace} as ${typeName(current[name]!)}, caseflow needs ${type}`,
        )
        .join('; ') +
        ' (remove it with `temporal operator search-attribute remove` or use another namespace)',
    );
  }
}

/** Retries what fails while a fresh namespace propagates; a refusal (wrong type) is final at once. */
async function retrying<T>(deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (err instanceof SetupRefused || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function typeName(type: IndexedValueType): string {
  const name = IndexedValueType[type] ?? String(type);
  return name
    .replace('INDEXED_VALUE_TYPE_', '')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
}

function days(seconds: number): string {
  return seconds % 86_400 === 0 ? `${seconds / 86_400}d` : `${seconds / 3_600}h`;
}
