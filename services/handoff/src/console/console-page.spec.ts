import { CONSOLE_PAGE_HTML, CONSOLE_SCRIPT_JS, HTTP_URL_OR_NULL_JS } from './console-page';

describe('the operator console page', () => {
  // The same function the browser runs.
  const httpUrlOrNull = new Function(`return ${HTTP_URL_OR_NULL_JS}`)() as (v: unknown) => string | null;

  it.each<[unknown, string | null]>([
    ['https://dl-media.viber.com/a/b.jpg', 'https://dl-media.viber.com/a/b.jpg'],
    ['http://example.org/x.pdf', 'http://example.org/x.pdf'],
    ['javascript:alert(document.domain)', null],
    ['JaVaScRiPt:alert(1)', null],
    [' javascript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox', null],
    ['/relative/path', null],
    [42, null],
    [undefined, null],
  ])('makes %p a link: %p', (value, expected) => {
    expect(httpUrlOrNull(value)).toBe(expected);
  });

  it('has no inline script, and a script that parses', () => {
    expect(CONSOLE_PAGE_HTML).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son[a-z]+=/i);
    expect(CONSOLE_PAGE_HTML).toContain('<script src="/console/console.js"></script>');
    expect(() => new Function(CONSOLE_SCRIPT_JS)).not.toThrow();
    expect(CONSOLE_SCRIPT_JS).not.toMatch(/access_token/);
  });
});
