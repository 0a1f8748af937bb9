/**
 * Templates (issue 14): every template with its versions and the newest active one, each linked to its
 * page; designers (and admins) also get the area to validate and publish a template.
 */
import { Link } from 'wouter-preact';
import { ProblemNote } from '../components/problem';
import { TemplateEditor } from '../components/template-editor';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { can, type Me } from '../session';
import { useApi } from '../use-api';

const dict = words({
  en: {
    title: 'Templates',
    list: 'Published templates',
    name: 'Name',
    titleCol: 'Title',
    versions: 'Versions',
    active: 'Newest active version',
    published: 'Last published',
    none: 'none',
    empty: 'No templates are published yet.',
    loading: 'Loading…',
    active_: 'active',
    retired: 'retired',
    versionLink: 'v{version} ({status})',
  },
  zh: {
    title: '流程模板',
    list: '已发布的模板',
    name: '名称',
    titleCol: '标题',
    versions: '版本',
    active: '最新有效版本',
    published: '最近发布',
    none: '无',
    empty: '还没有发布任何模板。',
    loading: '加载中…',
    active_: '有效',
    retired: '已停用',
    versionLink: 'v{version}（{status}）',
  },
});

export interface TemplateVersionSummary {
  name: string;
  version: number;
  title: string;
  sha256: string;
  status: 'active' | 'retired';
  publishedBy: string;
  publishedAt: string;
  retiredBy?: string;
  retiredAt?: string;
}

interface TemplateItem {
  name: string;
  title: string;
  newestActiveVersion: number | null;
  versions: TemplateVersionSummary[];
}

export function TemplatesPage({ me }: { me: Me }) {
  const { t } = useWords(dict);
  const { data, problem, loading, reload } = useApi<{ items: TemplateItem[]; total: number }>('/templates');
  const status = (s: 'active' | 'retired') => (s === 'active' ? t('active_') : t('retired'));
  const href = (name: string, version?: number) =>
    `/templates/${encodeURIComponent(name)}${version ? `/${version}` : ''}`;

  return (
    <>
      <h1>{t('title')}</h1>
      <ProblemNote problem={problem} />
      {loading && !data ? <p class="hint">{t('loading')}</p> : null}
      {data && data.items.length === 0 ? <p>{t('empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <table>
          <caption class="visually-hidden">{t('list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('titleCol')}</th>
              <th scope="col">{t('versions')}</th>
              <th scope="col">{t('active')}</th>
              <th scope="col">{t('published')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.name}>
                <th scope="row">
                  <Link href={href(item.name)}>{item.name}</Link>
                </th>
                <td>{item.title}</td>
                <td>
                  <ul class="inline-list">
                    {item.versions.map((v) => (
                      <li key={v.version}>
                        <Link href={href(item.name, v.version)}>
                          {t('versionLink', { version: v.version, status: status(v.status) })}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{item.newestActiveVersion !== null ? `v${item.newestActiveVersion}` : t('none')}</td>
                <td>
                  <When at={item.versions[item.versions.length - 1]?.publishedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {can(me, 'design') ? <TemplateEditor onPublished={() => void reload()} /> : null}
    </>
  );
}
