import { parseViberJson, quoteIntegerFields, stringifyViberJson } from './viber-json';

describe('parseViberJson', () => {
  it('keeps a message_token above 2^53 exact', () => {
    const parsed = parseViberJson(
      '{"event":"seen","message_token": 5490829281232874001,"timestamp":1457764197627}',
    ) as Record<string, unknown>;
    expect(parsed.message_token).toBe('5490829281232874001');
    expect(JSON.parse('{"t":5490829281232874001}').t.toString()).not.toBe('5490829281232874001');
    expect(parsed.timestamp).toBe(1457764197627);
  });

  it('finds nested tokens and leaves other numbers as numbers', () => {
    const parsed = parseViberJson(
      Buffer.from('{"a":{"message_token" :\n -12345678901234567890},"b":[{"message_token":7}],"c":1.5}'),
    ) as { a: { message_token: string }; b: Array<{ message_token: string }>; c: number };
    expect(parsed.a.message_token).toBe('-12345678901234567890');
    expect(parsed.b[0].message_token).toBe('7');
    expect(parsed.c).toBe(1.5);
  });

  it('does not touch look-alikes inside string values', () => {
    const text = JSON.stringify({
      text: 'x "message_token": 5490829281232874001 y',
      message_token: 'already',
    });
    expect(quoteIntegerFields(text)).toBe(text);
    const tricky = '{"text":"\\\\","message_token":5490829281232874001}';
    expect((parseViberJson(tricky) as Record<string, unknown>).message_token).toBe('5490829281232874001');
  });

  it('leaves an already quoted token and a non-integer token alone', () => {
    expect(parseViberJson('{"message_token":"5490829281232874001"}')).toEqual({
      message_token: '5490829281232874001',
    });
    expect(parseViberJson('{"message_token":1.5e3}')).toEqual({ message_token: 1500 });
  });

  it('keeps every token of a callback exact, whatever the spacing, and the rest of the text as it was', () => {
    const text = '{"a" : 1,"message_token"\t:\r\n9223372036854775807 ,"b":"\\"message_token\\":1","c":-0}';
    expect(quoteIntegerFields(text)).toBe(
      '{"a" : 1,"message_token"\t:\r\n"9223372036854775807" ,"b":"\\"message_token\\":1","c":-0}',
    );
    expect(quoteIntegerFields('{"event":"seen"}')).toBe('{"event":"seen"}');
  });

  it('throws on malformed JSON', () => {
    expect(() => parseViberJson('{"message_token": 1')).toThrow();
  });
});

describe('stringifyViberJson', () => {
  it('writes digit-string tokens as bare integers and round-trips', () => {
    const json = stringifyViberJson({ message_token: '5490829281232874001', text: '"message_token":"1"' });
    expect(json).toBe('{"message_token":5490829281232874001,"text":"\\"message_token\\":\\"1\\""}');
    expect(parseViberJson(json)).toEqual({
      message_token: '5490829281232874001',
      text: '"message_token":"1"',
    });
  });
});
