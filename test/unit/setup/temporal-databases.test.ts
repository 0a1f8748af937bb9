/**
 * Where `caseflow setup schema` and `npm run cluster` put Temporal's two databases: derived from
 * DATABASE_URL (`<db>_temporal`, `<db>_temporal_visibility`) or named by CASEFLOW_TEMPORAL_DATABASE_URL
 * (`x`, `x_visibility`), on the same server with the same role, password and connection attributes.
 */
import { connectionString, temporalDatabasesFrom } from '../../../setup/temporal-databases';

describe('temporalDatabasesFrom', () => {
  it('derives <db>_temporal and <db>_temporal_visibility from DATABASE_URL', () => {
    const { persistence, visibility } = temporalDatabasesFrom({
      DATABASE_URL: 'postgres://caseflow@db.internal:6543/caseflow',
    });
    const server = { host: 'db.internal', port: 6543, user: 'caseflow', connectAttributes: {} };
    expect(persistence).toEqual({ ...server, database: 'caseflow_temporal' });
    expect(visibility).toEqual({ ...server, database: 'caseflow_temporal_visibility' });
  });

  it('takes CASEFLOW_TEMPORAL_DATABASE_URL as it is, over DATABASE_URL', () => {
    const { persistence, visibility } = temporalDatabasesFrom({
      CASEFLOW_TEMPORAL_DATABASE_URL: 'postgres://temporal@127.0.0.1/x',
      DATABASE_URL: 'postgres://caseflow@db.internal:6543/caseflow',
    });
    expect(persistence).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'temporal', database: 'x' });
    expect(visibility).toMatchObject({
      host: '127.0.0.1',
      port: 5432,
      user: 'temporal',
      database: 'x_visibility',
    });
  });

  it('carries the password and sslmode to both databases', () => {
    const databases = temporalDatabasesFrom({
      CASEFLOW_TEMPORAL_DATABASE_URL:
        'postgres://temporal:p%40ss%2Fw0rd@pg.example:5432/temporal?sslmode=require',
    });
    for (const target of [databases.persistence, databases.visibility]) {
      expect(target.password).toBe('p@ss/w0rd');
      expect(target.connectAttributes).toEqual({ sslmode: 'require' });
    }
    const url = new URL(connectionString(databases.visibility));
    expect(decodeURIComponent(url.password)).toBe('p@ss/w0rd');
    expect(url.pathname).toBe('/temporal_visibility');
    expect(url.searchParams.get('sslmode')).toBe('require');
  });

  it('has no password when the URL has none', () => {
    expect(temporalDatabasesFrom({ DATABASE_URL: 'postgres://u@h/d' }).persistence).not.toHaveProperty(
      'password',
    );
  });

  it('names the setting when neither URL is set', () => {
    expect(() => temporalDatabasesFrom({})).toThrow(
      /^CASEFLOW_TEMPORAL_DATABASE_URL: required \(or DATABASE_URL, whose server then also holds Temporal’s databases\)/,
    );
  });
});
