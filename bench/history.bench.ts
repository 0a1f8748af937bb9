/**
 * History bytes and events per standard path of the customer-issue template, next to the bare workflow's,
 * in two measures: the bytes Temporal stores (the history's events as protobuf, payloads as the codec left
 * them: compressed and encrypted — the target is on these) and the JSON export with payloads decoded (as
 * GET /cases/{id}/history gives it: what an auditor downloads). Apart, the customer workflow's history the
 * case went through (every contact passes it). The bare workflow's payloads go through the same codec.
 * Each path is driven through the API to its end; the history is read once the case workflow has ended.
 *
 * Also where the bytes go: every event under a label (start argument, activity input/result by activity,
 * Update argument/result by name, signal, marker…) with its JSON and payload bytes, over all paths.
 */
import { temporal } from '@temporalio/proto';
import { fetchHistory } from '../audit/history';
import { historyToJson } from '../audit/history-json';
import { getNewestActiveVersion } from '../db/templates';
import { caseWorkflowId, customerWorkflowId } from '../workflows/messages';
import { bareWorkflowId } from './bare.server';
import {
  answerSurvey,
  badScores,
  caseEnded,
  completeStep,
  consulting,
  finishCase,
  goodScores,
  openCase,
  sampled,
  untilStatus,
  type CaseFields,
} from './cases';
import { addPayloadShares, sortedShares, type PayloadShare } from './history-payloads';
import { expectJson } from './http';
import type { ReportRow } from './report';
import type { BenchSystem } from './system';

/** A standard path: how the case is opened and what happens to it until it ends. */
interface StandardPath {
  id: string;
  what: string;
  fields: CaseFields;
  drive(system: BenchSystem, caseId: string): Promise<void>;
}

const explained = { resolution: 'explained the setting' };

export const standardPaths: StandardPath[] = [
  {
    id: 'resolved-at-triage',
    what: 'the front line resolves at triage; the survey is answered well',
    fields: consulting,
    async drive(system, id) {
      await completeStep(system, id, 'triage', 'resolved', explained);
      await finishCase(system, id, goodScores);
    },
  },
  {
    id: 'routed-escalated',
    what: 'triage routes to technical; L1 escalates to L2, L2 to management, which resolves; survey',
    fields: { subject: 'Outage', description: 'the service cannot be reached' },
    async drive(system, id) {
      await completeStep(system, id, 'triage', 'route', { reason: 'technical fault' });
      await completeStep(system, id, 'department-work', 'escalate', { reason: 'needs L2' });
      await completeStep(system, id, 'technical-l2', 'escalate');
      await completeStep(system, id, 'management-review', 'resolved');
      await finishCase(system, id, goodScores);
    },
  },
  {
    id: 'needs-info-reply',
    what: 'triage asks the customer (clocks pause), the reply resumes triage, resolved; survey',
    fields: consulting,
    async drive(system, id) {
      await completeStep(system, id, 'triage', 'needs-info');
      await untilStatus(system, id, 'waiting');
      await expectJson(201, 'POST', `${system.url}/cases/${id}/messages`, {
        token: 'dev-intake',
        body: { from: 'customer', text: 'It is the web shop, not the app.' },
      });
      await completeStep(system, id, 'triage', 'resolved', explained);
      await finishCase(system, id, goodScores);
    },
  },
  {
    id: 'survey-complaint',
    what: 'resolved at triage; a low survey score opens a complaint review, dismissed',
    fields: consulting,
    async drive(system, id) {
      await completeStep(system, id, 'triage', 'resolved', explained);
      const answered = new Set<string>();
      await answerSurvey(system, id, badScores, answered);
      await completeStep(system, id, 'complaint-review', 'dismissed');
      await finishCase(system, id, goodScores, answered);
    },
  },
];

export interface HistoryFigures {
  events: number;
  /**
   * Bytes Temporal stores: the events as protobuf (Temporal persists them so, in batches), payloads as the
   * codec wrote them (compressed, then encrypted). Its database adds its own row and index overhead.
   */
  storedBytes: number;
  /** The same events as protobuf with the payloads decoded: storedBytes minus this is the codec's doing. */
  decodedBytes: number;
  /** Bytes of the JSON export, payloads decoded (what an auditor downloads). */
  jsonBytes: number;
  /** Bytes of the JSON export as stored (`?raw=true`): payloads encrypted, base64. */
  storedJsonBytes: number;
}

const protoBytes = (history: Awaited<ReturnType<typeof fetchHistory>>): number =>
  temporal.api.history.v1.History.encode(history).finish().length;

export interface HistoryDetails {
  bare: HistoryFigures;
  paths: Array<{ id: string; what: string; caseId: string; case: HistoryFigures; customer: HistoryFigures }>;
  /** Over every path's case history: largest first. */
  caseShares: PayloadShare[];
  /** Over every path's customer workflow history. */
  customerShares: PayloadShare[];
  /** Per path: the case history's shares, largest first (the first 8). */
  sharesByPath: Record<string, PayloadShare[]>;
}

async function figuresOf(
  system: BenchSystem,
  workflowId: string,
  shares?: Map<string, PayloadShare>,
): Promise<HistoryFigures> {
  const history = await fetchHistory(system.client, workflowId);
  const json = historyToJson(history);
  const raw = await fetchHistory(system.client, workflowId, { raw: true });
  if (shares) addPayloadShares(shares, history, json, raw);
  return {
    events: history.events?.length ?? 0,
    storedBytes: protoBytes(raw),
    decodedBytes: protoBytes(history),
    jsonBytes: Buffer.byteLength(JSON.stringify(json)),
    storedJsonBytes: Buffer.byteLength(JSON.stringify(historyToJson(raw))),
  };
}

/** Opens a case the quality sampling skips (a sampled case waits for a review: another path). */
async function openUnsampled(system: BenchSystem, fields: CaseFields) {
  const template = await getNewestActiveVersion(system.pool, 'customer-issue');
  for (;;) {
    const opened = await openCase(system, fields);
    if (!sampled(opened.id, template?.plan.quality)) return opened;
    await expectJson(200, 'POST', `${system.url}/cases/${opened.id}/cancel`, {
      token: 'dev-admin',
      body: { reason: 'sampled for quality: the bench wants the plain path' },
    });
  }
}

export async function runHistoryBench(
  system: BenchSystem,
): Promise<{ rows: ReportRow[]; details: HistoryDetails }> {
  system.say('H: the bare workflow…');
  const bareId = ((await expectJson(201, 'POST', `${system.bareUrl}/bare`)).body as { id: string }).id;
  await expectJson(200, 'POST', `${system.bareUrl}/bare/${bareId}/finish`);
  await system.client.workflow.getHandle(bareWorkflowId(bareId)).result();
  const bare = await figuresOf(system, bareWorkflowId(bareId));

  const caseShares = new Map<string, PayloadShare>();
  const customerShares = new Map<string, PayloadShare>();
  const sharesByPath: Record<string, PayloadShare[]> = {};
  const paths: HistoryDetails['paths'] = [];
  for (const path of standardPaths) {
    system.say(`H: ${path.id}…`);
    const opened = await openUnsampled(system, path.fields);
    await path.drive(system, opened.id);
    await caseEnded(system, opened.id);
    const own = new Map<string, PayloadShare>();
    const figures = await figuresOf(system, caseWorkflowId(opened.id), own);
    for (const share of own.values()) {
      const sum = caseShares.get(share.label) ?? {
        ...share,
        events: 0,
        jsonBytes: 0,
        payloadBytes: 0,
        storedBytes: 0,
      };
      sum.events += share.events;
      sum.jsonBytes += share.jsonBytes;
      sum.payloadBytes += share.payloadBytes;
      sum.storedBytes += share.storedBytes;
      caseShares.set(share.label, sum);
    }
    sharesByPath[path.id] = sortedShares(own).slice(0, 8);
    const customer = await figuresOf(system, customerWorkflowId(opened.customerId), customerShares);
    paths.push({ id: path.id, what: path.what, caseId: opened.id, case: figures, customer });
  }

  const kb = (bytes: number) => bytes / 1024;
  // The bytes target is on what Temporal stores; the decoded export is the second row, for reading.
  const rows: ReportRow[] = paths.flatMap((p) => [
    {
      bench: 'H',
      figure: `history stored KB, ${p.id}`,
      unit: 'KB',
      value: kb(p.case.storedBytes),
      baseline: kb(bare.storedBytes),
      baselineLabel: 'bare',
      target: { on: 'ratio', op: '<=', bound: 3 },
    },
    {
      bench: 'H',
      figure: `history JSON KB decoded, ${p.id}`,
      unit: 'KB',
      value: kb(p.case.jsonBytes),
      baseline: kb(bare.jsonBytes),
      baselineLabel: 'bare',
    },
    {
      bench: 'H',
      figure: `history events, ${p.id}`,
      unit: 'events',
      value: p.case.events,
      baseline: bare.events,
      baselineLabel: 'bare',
      target: { on: 'ratio', op: '<=', bound: 1.5 },
    },
    {
      bench: 'H',
      figure: `+ customer workflow stored KB, ${p.id}`,
      unit: 'KB',
      value: kb(p.customer.storedBytes),
      baseline: kb(bare.storedBytes),
      baselineLabel: 'bare',
    },
    {
      bench: 'H',
      figure: `+ customer workflow JSON KB decoded, ${p.id}`,
      unit: 'KB',
      value: kb(p.customer.jsonBytes),
      baseline: kb(bare.jsonBytes),
      baselineLabel: 'bare',
    },
    {
      bench: 'H',
      figure: `+ customer workflow events, ${p.id}`,
      unit: 'events',
      value: p.customer.events,
      baseline: bare.events,
      baselineLabel: 'bare',
    },
  ]);
  return {
    rows,
    details: {
      bare,
      paths,
      caseShares: sortedShares(caseShares),
      customerShares: sortedShares(customerShares),
      sharesByPath,
    },
  };
}
