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
  /** Sends the gateway found begun and never recorded (its citizen_desk_uncertain_sends_total). */
  uncertain: number;
  /** Services that exited on their own and were started again, as Kubernetes would. */
  restarts: number;
}

export interface CampaignTally {
  scenario: string;
  recipients: number;
  /** Recipients that got the notice at least once. */
  received: number;
  once: number;
  twice: number;
  /**
   * Recipients that got it twice although their batch was not in the declared in-flight window at a
   * gateway kill (the last calls begun before it, at most the in-flight limit): must be 0.
   */
  twiceOutsideWindow: number;
  /** Recipients in that window: the only ones allowed a duplicate. */
  inWindow: number;
  missing: number;
  uncertain: number;
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
  uncertain = 0,
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
    uncertain,
    restarts,
  };
}

/** Each recipient exactly once, except that a recipient in the declared in-flight window may get it twice. */
export function tallyCampaign(
  scenario: string,
  recipients: string[],
  receivers: string[],
  restarts: number,
  inWindow: ReadonlySet<string> = new Set(),
  uncertain = 0,
): CampaignTally {
  const counts = countBy(receivers);
  let once = 0;
  let twice = 0;
  let twiceOutsideWindow = 0;
  let missing = 0;
  let window = 0;
  for (const r of recipients) {
    const n = counts.get(r) ?? 0;
    if (inWindow.has(r)) window += 1;
    if (n === 0) missing += 1;
    else if (n === 1) once += 1;
    else {
      twice += 1;
      if (!inWindow.has(r)) twiceOutsideWindow += 1;
    }
  }
  return {
    scenario,
    recipients: recipients.length,
    received: recipients.length - missing,
    once,
    twice,
    twiceOutsideWindow,
    inWindow: window,
    missing,
    uncertain,
    restarts,
  };
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
      'uncertain',
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
      r.uncertain,
      r.restarts,
    ]),
  );
}

/** The same columns for a campaign (a recipient is acknowledged and expects the notice), and the window. */
export function campaignTable(rows: CampaignTally[]): string {
  return table(
    [
      'scenario',
      'acknowledged',
      'answers expected',
      'answers received',
      'lost',
      'twice',
      'uncertain',
      'in-flight window',
      'twice outside it',
      'restarts',
    ],
    rows.map((r) => [
      r.scenario,
      r.recipients,
      r.recipients,
      r.received,
      r.missing,
      r.twice,
      r.uncertain,
      r.inWindow,
      r.twiceOutsideWindow,
      r.restarts,
    ]),
  );
}

/**
 * Non-zero when anything acknowledged was lost, a campaign recipient missed the notice, or one outside
 * the declared in-flight window got it twice.
 */
export function anythingLost(q: QuestionsTally[], c: CampaignTally[]): boolean {
  return q.some((r) => r.lost > 0) || c.some((r) => r.missing > 0 || r.twiceOutsideWindow > 0);
}
