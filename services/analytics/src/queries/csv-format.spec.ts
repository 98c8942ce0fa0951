import { toCsv } from './csv-format';

describe('toCsv', () => {
  it('writes a header and quotes what needs quoting', () => {
    expect(
      toCsv([
        { topic: 'parking', n: 2 },
        { topic: 'tax, "property"', n: 1, extra: true },
      ]),
    ).toBe('topic,n,extra\r\nparking,2,\r\n"tax, ""property""",1,true\r\n');
  });
  it('keeps a formula-like text from running in a spreadsheet, but not a negative number', () => {
    expect(toCsv([{ text: '=HYPERLINK("x")', n: -1 }])).toBe('text,n\r\n"\'=HYPERLINK(""x"")",-1\r\n');
  });
});
