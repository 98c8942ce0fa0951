import { describe, expect, it } from '@jest/globals';
import { toCsv } from './csv';
import { periodQuery } from './period';
import { compareTopics } from './topic-comparison';

describe('compareTopics: this period beside the previous one', () => {
  const now = [
    { start: 'd1', topic: 'property-tax', questions: 3, answered: 2, handoff: 1, notUnderstood: 0 },
    { start: 'd2', topic: 'property-tax', questions: 1, answered: 1, handoff: 0, notUnderstood: 0 },
    { start: 'd1', topic: '(none)', questions: 2, answered: 0, handoff: 0, notUnderstood: 2 },
  ];
  const previous = [
    { start: 'd0', topic: 'property-tax', questions: 2, answered: 2, handoff: 0, notUnderstood: 0 },
    { start: 'd0', topic: 'financial-aid', questions: 5, answered: 5, handoff: 0, notUnderstood: 0 },
  ];

  it('sums each topic over the buckets and sets it beside the previous period', () => {
    expect(compareTopics(now, previous)).toEqual([
      {
        topic: 'property-tax',
        questions: 4,
        previousQuestions: 2,
        change: 2,
        answered: 3,
        handoff: 1,
        notUnderstood: 0,
        answeredShare: 0.75,
        previousAnsweredShare: 1,
      },
      {
        topic: '(none)',
        questions: 2,
        previousQuestions: 0,
        change: 2,
        answered: 0,
        handoff: 0,
        notUnderstood: 2,
        answeredShare: 0,
        previousAnsweredShare: null,
      },
      {
        topic: 'financial-aid',
        questions: 0,
        previousQuestions: 5,
        change: -5,
        answered: 0,
        handoff: 0,
        notUnderstood: 0,
        answeredShare: null,
        previousAnsweredShare: 1,
      },
    ]);
  });
});

describe('toCsv: every table of the dashboard as CSV', () => {
  it('writes the columns given, quoting what needs it, formulas kept as text', () => {
    expect(
      toCsv(
        [
          { question: 'porez, "kuća"', n: 2 },
          { question: '=cmd()', n: null },
        ],
        ['question', 'n'],
      ),
    ).toBe('question,n\r\n"porez, ""kuća""",2\r\n\'=cmd(),\r\n');
  });

  it('takes the union of the keys when no columns are given', () => {
    expect(toCsv([{ a: 1 }, { b: 2 }])).toBe('a,b\r\n1,\r\n,2\r\n');
  });
});

describe('periodQuery', () => {
  it('gives the period ending now and, shifted, the one of the same length before it', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    expect(periodQuery('7d', now)).toEqual({
      from: '2026-11-23T10:00:00.000Z',
      to: '2026-11-30T10:00:00.000Z',
      bucket: 'day',
    });
    expect(periodQuery('7d', now, 1)).toEqual({
      from: '2026-11-16T10:00:00.000Z',
      to: '2026-11-23T10:00:00.000Z',
      bucket: 'day',
    });
  });
});
