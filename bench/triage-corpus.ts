/**
 * A generated corpus of recorded bilingual cases with known labels, for learned triage (issue 17): the
 * integration test (test/integration/triage-model.test.ts) and bench B7 (bench/triage.bench.ts) both use it.
 * Deterministic by seed: the same seed gives the same cases.
 *
 * Each case is written the way customers write: in Chinese (about half), English, or both, a subject and
 * a description drawing on its department's words, some of which the standard template's keyword rules
 * know ("退款", "error") and many of which they do not ("宽带", "快递", "password"), with the odd word of
 * another department and everyday filler. The label is where a person sent it; a few per cent of people
 * route differently from the words (label noise), as in real queues. Decisions are written in the engine's
 * phrases: a triage task at the front line, then a hand-off or a routing to the department, the resolution.
 */
import type { Pool } from 'pg';
import type { Decision } from '../contract';

export interface CorpusCase {
  id: string;
  subject: string;
  description: string;
  /** Where a person sent it (the label). */
  department: string;
  /** Its final category (the label). */
  category: string;
}

interface Topic {
  department: string;
  category: string;
  zh: string[];
  en: string[];
  subjectsZh: string[];
  subjectsEn: string[];
}

const topics: Topic[] = [
  {
    department: 'technical',
    category: 'technical',
    zh: [
      '宽带',
      '网络',
      '登录',
      '密码',
      '路由器',
      '闪退',
      '网速',
      '信号',
      '验证码',
      '无法',
      '故障',
      '报错',
      '断网',
      '系统',
    ],
    en: [
      'broadband',
      'network',
      'login',
      'password',
      'router',
      'crash',
      'slow',
      'signal',
      'code',
      'error',
      'wifi',
      'app',
      'offline',
      'fault',
    ],
    subjectsZh: ['宽带连不上', '登录不了', 'APP闪退', '网速太慢', '收不到验证码'],
    subjectsEn: [
      'Cannot log in',
      'Internet down',
      'App keeps crashing',
      'Very slow connection',
      'Router problem',
    ],
  },
  {
    department: 'billing',
    category: 'billing',
    zh: ['退款', '发票', '扣费', '账单', '余额', '充值', '费用', '多扣', '套餐', '付款', '收费', '账户'],
    en: [
      'refund',
      'invoice',
      'charged',
      'bill',
      'balance',
      'topup',
      'fee',
      'payment',
      'overcharged',
      'plan',
      'account',
      'price',
    ],
    subjectsZh: ['多扣费了', '发票开错', '申请退款', '账单不对', '充值没到账'],
    subjectsEn: ['Charged twice', 'Wrong invoice', 'Refund request', 'Bill is wrong', 'Top-up missing'],
  },
  {
    department: 'after-sales',
    category: 'after-sales',
    zh: ['退货', '换货', '维修', '保修', '快递', '包裹', '破损', '屏幕', '配件', '上门', '安装', '质量'],
    en: [
      'return',
      'exchange',
      'repair',
      'warranty',
      'parcel',
      'delivery',
      'damaged',
      'screen',
      'courier',
      'install',
      'broken',
      'replacement',
    ],
    subjectsZh: ['收到的包裹破损', '申请换货', '屏幕坏了要维修', '快递一直没到', '预约上门安装'],
    subjectsEn: [
      'Parcel arrived damaged',
      'Exchange request',
      'Screen broken, repair',
      'Delivery late',
      'Installation visit',
    ],
  },
  {
    department: 'frontline',
    category: 'consulting',
    zh: ['咨询', '营业时间', '门店', '地址', '办理', '请问', '活动', '优惠', '会员', '积分', '规则', '流程'],
    en: [
      'question',
      'opening',
      'hours',
      'store',
      'address',
      'how',
      'offer',
      'membership',
      'points',
      'rules',
      'enquiry',
      'information',
    ],
    subjectsZh: ['请问门店营业时间', '会员积分怎么用', '咨询优惠活动', '办理流程咨询', '门店地址在哪'],
    subjectsEn: [
      'Store opening hours',
      'How do points work',
      'Question about offers',
      'Membership enquiry',
      'Where is the store',
    ],
  },
  {
    department: 'management',
    category: 'complaint',
    zh: ['投诉', '态度', '经理', '媒体', '律师', '恶劣', '欺骗', '不满', '曝光', '赔偿', '消协', '12315'],
    en: [
      'complaint',
      'rude',
      'manager',
      'media',
      'lawyer',
      'unacceptable',
      'misled',
      'angry',
      'compensation',
      'regulator',
      'escalate',
      'disgraceful',
    ],
    subjectsZh: ['投诉客服态度', '要求经理处理', '我要曝光', '要求赔偿', '向消协投诉'],
    subjectsEn: [
      'Complaint about staff',
      'I want a manager',
      'Unacceptable service',
      'Compensation demand',
      'Formal complaint',
    ],
  },
];

const fillerZh = [
  '今天',
  '昨天',
  '一直',
  '还是',
  '已经',
  '问题',
  '帮忙',
  '处理',
  '一下',
  '尽快',
  '麻烦',
  '订单',
];
const fillerEn = [
  'today',
  'yesterday',
  'still',
  'again',
  'problem',
  'help',
  'asap',
  'order',
  'since',
  'thanks',
  'urgent',
  'week',
];

/** mulberry32: a tiny seeded generator, so a seed gives the same corpus on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** Share of cases a person routed against their words (default 0.05). */
  noise?: number;
  /** Relative frequency of each department (default: technical and billing commonest). */
  weights?: Partial<Record<string, number>>;
  /** Case id prefix (default `TR-<seed>-`). */
  prefix?: string;
}

const defaultWeights: Record<string, number> = {
  technical: 3,
  billing: 3,
  'after-sales': 2,
  frontline: 2,
  management: 1,
};

export function triageCorpus(options: CorpusOptions): CorpusCase[] {
  const seed = options.seed ?? 17;
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const weights = { ...defaultWeights, ...options.weights };
  const weighted = topics.flatMap((t) => Array<Topic>(Math.max(0, weights[t.department] ?? 0)).fill(t));
  const out: CorpusCase[] = [];
  for (let i = 0; i < options.count; i++) {
    const topic = pick(weighted);
    const language = next();
    const zh = language < 0.5;
    const mixed = language >= 0.85;
    const words = (n: number, t: Topic) =>
      Array.from({ length: n }, () => (zh || (mixed && next() < 0.5) ? pick(t.zh) : pick(t.en)));
    const filler = () => (zh ? pick(fillerZh) : pick(fillerEn));
    const stray = next() < 0.3 ? words(1, pick(topics)) : [];
    const body = [...words(2 + Math.floor(next() * 3), topic), filler(), ...stray, filler()];
    for (let j = body.length - 1; j > 0; j--) {
      const k = Math.floor(next() * (j + 1));
      [body[j], body[k]] = [body[k]!, body[j]!];
    }
    const subject = zh || (mixed && next() < 0.5) ? pick(topic.subjectsZh) : pick(topic.subjectsEn);
    const routedBy = next() < (options.noise ?? 0.05) ? pick(topics) : topic;
    out.push({
      id: `${options.prefix ?? `TR-${seed}-`}${i}`,
      subject,
      description: body.join(zh ? '' : ' '),
      department: routedBy.department,
      category: routedBy.category,
    });
  }
  return out;
}

/** The decision log of a corpus case: front-line triage, then routed or handed off, then resolved. */
export function corpusDecisions(c: CorpusCase, at: string): Decision[] {
  const d = (step: string, what: string, why = ''): Decision => ({ at, step, what, why });
  const log = [d('classify', `classified as other → frontline`, 'default rule #6')];
  log.push(d('triage', `task ${c.id}-1 opened for frontline`, 'step triage: Triage the case'));
  if (c.department !== 'frontline') {
    // Half the cases go by the triage task's `route` outcome, half by a hand-off of the task itself.
    if (c.id.length % 2 === 0)
      log.push(d('triage', `task ${c.id}-1 handed off to ${c.department}`, 'hand-off'));
    else {
      log.push(d('triage', `task ${c.id}-1 completed: route`, 'outcome route'));
      log.push(d('department-work', `task ${c.id}-2 opened for ${c.department}`, 'step department-work'));
    }
  }
  log.push(d('department-work', `task ${c.id}-9 completed: resolved`, 'outcome resolved'));
  log.push(d('done', 'case resolved', 'end step done'));
  return log;
}

export interface CorpusTemplate {
  name: string;
  version: number;
  sha256: string;
}

/**
 * Writes the corpus as recorded case projections (cases rows with their view; no tasks, no Temporal), a
 * thousand rows a statement. Opened one minute apart from `from`.
 */
export async function insertTriageCorpus(
  pool: Pool,
  cases: readonly CorpusCase[],
  template: CorpusTemplate,
  from = Date.parse('2026-06-01T08:00:00Z'),
): Promise<void> {
  for (let start = 0; start < cases.length; start += 1000) {
    const rows = cases.slice(start, start + 1000).map((c, i) => {
      const at = new Date(from + (start + i) * 60_000).toISOString();
      return {
        id: c.id,
        category: c.category,
        department: c.department,
        at,
        view: {
          id: c.id,
          status: 'resolved',
          template,
          channel: 'web',
          customer: { id: `cu-${c.id}` },
          subject: c.subject,
          description: c.description,
          attributes: { affectedCustomers: 1, businessImpact: 'none' },
          flags: [],
          category: c.category,
          department: c.department,
          tags: [],
          tasks: [],
          clocks: [],
          escalations: [],
          vars: {},
          decisions: corpusDecisions(c, at),
          createdAt: at,
          updatedAt: at,
          revision: 1,
        },
      };
    });
    await pool.query(
      `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
         customer_id, category, department, view, revision, created_at, updated_at)
       SELECT r.id, 'case-' || r.id, $2, $3, $4, 'resolved', 'web', 'cu-' || r.id, r.category, r.department,
         r.view, 1, r.at, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, category text, department text, at timestamptz, view jsonb)`,
      [JSON.stringify(rows), template.name, template.version, template.sha256],
    );
  }
}
