import { csvField, toCsv } from '../../../audit/csv';

describe('CSV cells are defused against formula injection', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+cmd', "'+1+cmd"],
    ['-2+3+cmd|/C calc!A0', "'-2+3+cmd|/C calc!A0"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('a cell starting %j gets a leading quote', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it.each(['-12', '-12.5', '-1e3', 'plain text', '12', 'a=b', ''])('%j is unchanged', (cell) => {
    expect(csvField(cell)).toBe(cell);
  });

  it('defuses every row of an export, numbers left as numbers', () => {
    expect(toCsv(['who', 'what', 'delta'], [['=cmd', 'a,b', -3]])).toBe(
      'who,what,delta\r\n\'=cmd,"a,b",-3\r\n',
    );
  });
});
