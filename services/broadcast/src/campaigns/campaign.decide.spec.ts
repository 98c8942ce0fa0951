import {
  CampaignCommand,
  CampaignEvent,
  CampaignRejected,
  CampaignRejectionReason,
  decideCampaign,
} from './campaign.decide';
import { CampaignState, evolveCampaign, initialCampaignState } from './campaign.state';

const T0 = '2026-11-25T10:00:00.000Z';
const T1 = '2026-11-25T10:05:00.000Z';
const content = { texts: { 'cnr-Latn': 'Nestanak vode u Budvi', en: 'Water outage in Budva' } };
const create: CampaignCommand = {
  type: 'CreateCampaign',
  campaignId: 'c1',
  department: 'utilities',
  title: 'Voda',
  content,
  audience: { categories: [], languages: [] },
  by: 'author',
  at: T0,
};
const submit: CampaignCommand = { type: 'SubmitCampaign', by: 'author', at: T0 };
const approve = (by = 'boss', sendAt?: string): CampaignCommand => ({
  type: 'ApproveCampaign',
  by,
  at: T0,
  ...(sendAt ? { sendAt } : {}),
});
const start: CampaignCommand = { type: 'StartCampaign', targeted: 1200, at: T1 };

/** Given these commands were accepted, the state they left. */
function given(...commands: CampaignCommand[]): CampaignState {
  return commands.reduce((s, c) => decideCampaign(c, s).reduce(evolveCampaign, s), initialCampaignState());
}
const types = (events: CampaignEvent[]) => events.map((e) => e.type);
function refused(command: CampaignCommand, state: CampaignState): CampaignRejected {
  try {
    decideCampaign(command, state);
  } catch (e) {
    if (e instanceof CampaignRejected) return e;
    throw e;
  }
  throw new Error('expected the command to be refused');
}

describe('campaign decide/evolve', () => {
  it('creates a draft with its author, department and audience', () => {
    const events = decideCampaign(create, initialCampaignState());
    expect(types(events)).toEqual(['CampaignCreated']);
    const state = events.reduce(evolveCampaign, initialCampaignState());
    expect(state).toMatchObject({ status: 'draft', author: 'author', department: 'utilities', content });
  });

  it.each<[string, CampaignCommand[], CampaignCommand, string[]]>([
    ['submits a draft', [create], submit, ['CampaignSubmitted']],
    [
      'changes the audience of a draft',
      [create],
      {
        type: 'ChooseAudience',
        audience: { categories: ['health'], languages: ['en'] },
        by: 'author',
        at: T0,
      },
      ['CampaignAudienceChosen'],
    ],
    [
      'sends a test from a draft',
      [create],
      {
        type: 'SendTest',
        citizenId: 'viber:me',
        language: 'en',
        messageId: '00000000-0000-4000-8000-000000000001',
        by: 'author',
        at: T0,
      },
      ['CampaignTestSent'],
    ],
    [
      'approves and schedules when another supervisor approves',
      [create, submit],
      approve(),
      ['CampaignApproved', 'CampaignScheduled'],
    ],
    ['starts a scheduled campaign when due', [create, submit, approve()], start, ['CampaignStarted']],
    [
      'pauses while sending',
      [create, submit, approve(), start],
      { type: 'PauseCampaign', by: 'boss', at: T1 },
      ['CampaignPaused'],
    ],
    [
      'resumes a paused campaign',
      [create, submit, approve(), start, { type: 'PauseCampaign', by: 'boss', at: T1 }],
      { type: 'ResumeCampaign', by: 'boss', at: T1 },
      ['CampaignResumed'],
    ],
    [
      'cancels while sending',
      [create, submit, approve(), start],
      { type: 'CancelCampaign', by: 'boss', at: T1 },
      ['CampaignCancelled'],
    ],
    [
      'completes while sending',
      [create, submit, approve(), start],
      { type: 'CompleteCampaign', recipients: 3, batches: 1, sent: 3, failed: 0, at: T1 },
      ['CampaignCompleted'],
    ],
    [
      'completes after a pause when the last batches report',
      [create, submit, approve(), start, { type: 'PauseCampaign', by: 'boss', at: T1 }],
      { type: 'CompleteCampaign', recipients: 3, batches: 1, sent: 3, failed: 0, at: T1 },
      ['CampaignCompleted'],
    ],
  ])('%s', (_name, history, command, expected) => {
    expect(types(decideCampaign(command, given(...history)))).toEqual(expected);
  });

  it.each<[string, CampaignCommand[], CampaignCommand, string, RegExp]>([
    [
      'the author approving their own campaign (four eyes)',
      [create, submit],
      approve('author'),
      'forbidden',
      /author .* cannot approve/,
    ],
    ['approving a draft that was not submitted', [create], approve(), 'conflict', /needs submitted/],
    ['anything on a campaign that does not exist', [], submit, 'not-found', /no such campaign/],
    ['creating a campaign twice', [create], create, 'conflict', /exists already/],
    [
      'starting before its time',
      [create, submit, approve('boss', '2026-11-25T12:00:00.000Z')],
      start,
      'conflict',
      /scheduled for/,
    ],
    [
      'pausing a campaign that is not sending',
      [create, submit],
      { type: 'PauseCampaign', by: 'boss', at: T1 },
      'conflict',
      /cannot pause/,
    ],
    [
      'resuming a campaign that is not paused',
      [create, submit, approve(), start],
      { type: 'ResumeCampaign', by: 'boss', at: T1 },
      'conflict',
      /cannot resume/,
    ],
    [
      'cancelling a completed campaign',
      [
        create,
        submit,
        approve(),
        start,
        { type: 'CompleteCampaign', recipients: 0, batches: 0, sent: 0, failed: 0, at: T1 },
      ],
      { type: 'CancelCampaign', by: 'boss', at: T1 },
      'conflict',
      /cannot cancel/,
    ],
    [
      'changing the audience once sending has started',
      [create, submit, approve(), start],
      { type: 'ChooseAudience', audience: { categories: [], languages: [] }, by: 'author', at: T1 },
      'conflict',
      /needs draft or submitted or scheduled/,
    ],
    [
      'a picture whose caption would be too long',
      [],
      {
        ...create,
        content: { texts: { 'cnr-Latn': 'x'.repeat(769) }, pictureUrl: 'https://budva.me/p.jpg' },
      } as CampaignCommand,
      'invalid',
      /at most 768/,
    ],
  ])('refuses %s', (_name, history, command, kind, message) => {
    const e = refused(command, given(...history));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
  });

  describe('four eyes', () => {
    const change = (by: string): CampaignCommand => ({
      type: 'ChooseAudience',
      audience: { categories: ['health'], languages: [] },
      by,
      at: T0,
    });
    const submitBy = (by: string): CampaignCommand => ({ type: 'SubmitCampaign', by, at: T0 });

    it.each<[string, CampaignCommand[], string, 'approved' | CampaignRejectionReason]>([
      ['another supervisor, nobody else touched it', [create, submit], 'boss', 'approved'],
      ['the author', [create, submit], 'author', 'author-cannot-approve'],
      [
        'the author, as an admin',
        [{ ...create, by: 'admin' } as CampaignCommand, submit],
        'admin',
        'author-cannot-approve',
      ],
      [
        'a supervisor who changed the audience',
        [create, change('boss'), submit],
        'boss',
        'editor-cannot-approve',
      ],
      [
        'an admin who changed the audience',
        [create, change('admin'), submitBy('author')],
        'admin',
        'editor-cannot-approve',
      ],
      [
        'a third supervisor after someone else changed it',
        [create, change('boss'), submit],
        'chief',
        'approved',
      ],
      ['whoever only submitted it', [create, submitBy('clerk')], 'clerk', 'approved'],
      [
        'a supervisor who changed it after submission, once resubmitted',
        [create, submit, change('boss'), submit],
        'boss',
        'editor-cannot-approve',
      ],
    ])('approval by %s', (_who, history, by, outcome) => {
      const state = given(...history);
      if (outcome === 'approved') {
        expect(types(decideCampaign(approve(by), state))).toEqual(['CampaignApproved', 'CampaignScheduled']);
      } else {
        const e = refused(approve(by), state);
        expect([e.reason, e.kind]).toEqual([outcome, 'forbidden']);
      }
    });

    it.each<[string, CampaignCommand[]]>([
      ['submitted', [create, submit]],
      ['approved and scheduled', [create, submit, approve()]],
    ])('a change to a %s campaign clears the approval and returns it to draft', (_status, history) => {
      const state = given(...history, change('author'));
      expect(state).toMatchObject({ status: 'draft', approvedBy: null, sendAt: null });
      expect(state.audience.categories).toEqual(['health']);
      // It must be submitted and approved again before it can start.
      expect(refused(start, state).reason).toBe('wrong-status');
      expect(refused(approve(), state).reason).toBe('wrong-status');
      expect(given(...history, change('author'), submit, approve('chief')).status).toBe('scheduled');
    });

    it('records every editor once, in order', () => {
      expect(given(create, change('boss'), change('author'), change('boss')).editors).toEqual([
        'author',
        'boss',
      ]);
    });
  });

  it('schedules at the author’s requested time unless the approver sets another, never in the past', () => {
    const later = '2026-11-25T18:00:00.000Z';
    const requested = given({ ...create, sendAt: later } as CampaignCommand, submit, approve());
    expect(requested).toMatchObject({ status: 'scheduled', sendAt: later, approvedBy: 'boss' });
    const overridden = given(
      { ...create, sendAt: later } as CampaignCommand,
      submit,
      approve('boss', '2026-11-25T20:00:00.000Z'),
    );
    expect(overridden.sendAt).toBe('2026-11-25T20:00:00.000Z');
    const past = given(create, submit, approve('boss', '2026-11-24T00:00:00.000Z'));
    expect(past.sendAt).toBe(T0);
  });

  it('records the audience size at the start and the end time', () => {
    const s = given(create, submit, approve(), start, {
      type: 'CompleteCampaign',
      recipients: 1199,
      batches: 4,
      sent: 1190,
      failed: 9,
      at: '2026-11-25T10:06:00.000Z',
    });
    expect(s).toMatchObject({
      status: 'completed',
      targeted: 1200,
      startedAt: T1,
      finishedAt: '2026-11-25T10:06:00.000Z',
    });
  });

  describe('editing the title, text or requested time', () => {
    const edit = (
      over: Partial<Extract<CampaignCommand, { type: 'EditCampaign' }>> = {},
    ): CampaignCommand => ({
      type: 'EditCampaign',
      by: 'helper',
      at: T1,
      ...over,
    });

    it('changes only what it names, and counts its author among the editors', () => {
      const s = given(create, edit({ content: { texts: { 'cnr-Latn': 'Voda se vraća u 14 h' } } }));
      expect(s).toMatchObject({
        status: 'draft',
        title: 'Voda',
        content: { texts: { 'cnr-Latn': 'Voda se vraća u 14 h' } },
        editors: ['author', 'helper'],
        changedAt: T1,
      });
      const timed = given(create, edit({ sendAt: '2026-11-26T08:00:00.000Z' }));
      expect(timed.requestedSendAt).toBe('2026-11-26T08:00:00.000Z');
      expect(
        given(create, edit({ sendAt: '2026-11-26T08:00:00.000Z' }), edit({ sendAt: null })).requestedSendAt,
      ).toBeNull();
    });

    it('sends a submitted or approved campaign back to a draft, approval void', () => {
      for (const before of [given(create, submit), given(create, submit, approve())]) {
        const after = decideCampaign(edit({ title: 'Voda (ispravka)' }), before).reduce(
          evolveCampaign,
          before,
        );
        expect(after).toMatchObject({
          status: 'draft',
          approvedBy: null,
          sendAt: null,
          title: 'Voda (ispravka)',
        });
      }
    });

    it('keeps whoever changed it from approving it', () => {
      const s = given(create, edit({ by: 'boss', title: 'Voda!' }), submit);
      expect(refused(approve('boss'), s).reason).toBe('editor-cannot-approve');
    });

    it('is refused once sending began, and for a caption too long under a picture', () => {
      expect(refused(edit({ title: 'x' }), given(create, submit, approve(), start)).reason).toBe(
        'wrong-status',
      );
      const long = { texts: { 'cnr-Latn': 'x'.repeat(769) }, pictureUrl: 'https://budva.me/a.jpg' };
      expect(refused(edit({ content: long }), given(create)).reason).toBe('caption-too-long');
    });
  });
});
