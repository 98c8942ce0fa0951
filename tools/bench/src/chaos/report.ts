/** What a scenario of the chaos suite found, counted from what reached the fake Viber API. */
export interface QuestionsTally {
  scenario: string;
  /** Questions whose callback got 200 (after as many re-sends with the same token as it took). */
  acknowledged: number;
  /** Questions never answered 200 within the re-send window: Viber would give up on them too. */
  unacknowledged: number;
  expected: number;
  received: number;
  lost: number;
  twice: number;
  /** Services that exited on their own and were started again, as Kubernetes would. */
  restarts: number;
}

export interface CampaignTally {
  scenario: string;
  recipients: number;
  once: number;
  twice: number;
  missing: number;
  restarts: number;
}

/**
 * Each acknowledged question (one new citizen each) expects one answer: a citizen with none is lost,
 * one with more than `answersPerQuestion` got it twice.
 */
export function tallyQuestions(
  scenario: string,
  acknowledged: string[],
  unacknowledged: number,
  receivers: string[],
  restarts: number,
  answersPerQuestion = 1,
): QuestionsTally {
  const counts = countBy(receivers);
  let received = 0;
  let lost = 0;
  let twice = 0;
  for (const citizen of acknowledged) {
    const n = counts.get(citizen) ?? 0;
    if (n === 0) lost += 1;
    else received += 1;
    if (n > answersPerQuestion) twice += 1;
  }
  return {
    scenario,
    acknowledged: acknowledged.length,
    unacknowledged,
    expected: acknowledged.length,
    received,
    lost,
    twice,
    restarts,
  };
}

export function tallyCampaign(
  scenario: string,
  recipients: string[],
  receivers: string[],
  restarts: number,
): CampaignTally {
  const counts = countBy(receivers);
  let once = 0;
  let twice = 0;
  let missing = 0;
  for (const r of recipients) {
    const n = counts.get(r) ?? 0;
    if (n === 0) missing += 1;
    else if (n === 1) once += 1;
    else twice += 1;
  }
  return { scenario, recipients: recipients.length, once, twice, missing, restarts };
}

function countBy(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return counts;
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function questionsTable(rows: QuestionsTally[]): string {
  return table(
    [
      'scenario',
      'acknowledged',
      'not acked',
      'answers expected',
      'answers received',
      'lost',
      'twice',
      'restarts',
    ],
    rows.map((r) => [
      r.scenario,
      r.acknowledged,
      r.unacknowledged,
      r.expected,
      r.received,
      r.lost,
      r.twice,
      r.restarts,
    ]),
  );
}

export function campaignTable(rows: CampaignTally[]): string {
  return table(
    ['scenario', 'recipients', 'delivered once', 'twice', 'missing', 'restarts'],
    rows.map((r) => [r.scenario, r.recipients, r.once, r.twice, r.missing, r.restarts]),
  );
}

/** Non-zero when anything acknowledged was lost or a campaign recipient missed the notice. */
export function anythingLost(q: QuestionsTally[], c: CampaignTally[]): boolean {
  return q.some((r) => r.lost > 0) || c.some((r) => r.missing > 0);
}
