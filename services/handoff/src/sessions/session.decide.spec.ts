import { DomainError, HandoffRequested } from '@citizen-desk/contracts';
import { decideSession, SessionCommand, SessionRejected } from './session.decide';
import { SessionEvent } from './session.events';
import { evolveSession, initialSessionState, SessionState } from './session.state';

const T0 = '2026-11-25T08:00:00.000Z';
const T1 = '2026-11-25T08:05:00.000Z';
const T2 = '2026-11-25T08:07:00.000Z';
const citizenId = 'viber:marko==';
const ana = { id: 'op-ana', name: 'Ana' };
const ivo = { id: 'op-ivo', name: 'Ivo' };
const request: HandoffRequested = {
  citizenId,
  citizenName: 'Marko',
  department: 'local-self-government',
  topic: 'property-tax',
  language: 'en',
  text: 'I need a person',
  requestedAt: T0,
};

const queued: SessionEvent = {
  type: 'HandoffSessionQueued',
  data: {
    sessionId: 's1',
    citizenId,
    citizenName: 'Marko',
    department: 'local-self-government',
    topic: 'property-tax',
    language: 'en',
    text: 'I need a person',
    requestedAt: T0,
    queuedAt: T0,
    outsideOfficeHours: false,
  },
};
const assignedToAna: SessionEvent = {
  type: 'HandoffSessionAssigned',
  data: {
    sessionId: 's1',
    citizenId,
    department: 'local-self-government',
    operatorId: ana.id,
    operatorName: 'Ana',
    assignedBy: 'claim',
    queuedAt: T0,
    assignedAt: T1,
  },
};
const ended: SessionEvent = {
  type: 'HandoffSessionEnded',
  data: {
    sessionId: 's1',
    citizenId,
    department: 'local-self-government',
    endedBy: 'operator',
    resolution: 'explained',
    endedAt: T2,
    operatorId: ana.id,
  },
};

const given = (...events: SessionEvent[]): SessionState =>
  events.reduce(evolveSession, initialSessionState());

type Case = [string, SessionEvent[], SessionCommand, SessionEvent[] | SessionRejected['reason']];

const cases: Case[] = [
  [
    'a request opens a waiting session',
    [],
    { type: 'QueueSession', sessionId: 's1', request, outsideOfficeHours: false, now: T0 },
    [queued],
  ],
  [
    'a session is queued once',
    [queued],
    { type: 'QueueSession', sessionId: 's1', request, outsideOfficeHours: false, now: T0 },
    'already-exists',
  ],
  [
    'a claim of a waiting session assigns it',
    [queued],
    { type: 'AssignSession', operator: ana, by: 'claim', now: T1 },
    [assignedToAna],
  ],
  [
    'claiming your own session again changes nothing',
    [queued, assignedToAna],
    { type: 'AssignSession', operator: ana, by: 'claim', now: T2 },
    [],
  ],
  [
    'a second operator cannot take an assigned session',
    [queued, assignedToAna],
    { type: 'AssignSession', operator: ivo, by: 'claim', now: T2 },
    'taken',
  ],
  [
    'nobody claims an ended session',
    [queued, assignedToAna, ended],
    { type: 'AssignSession', operator: ivo, by: 'auto', now: T2 },
    'closed',
  ],
  [
    'an unknown session cannot be claimed',
    [],
    { type: 'AssignSession', operator: ana, by: 'claim', now: T1 },
    'not-found',
  ],
  [
    'the citizen’s message is forwarded while waiting, to no operator yet',
    [queued],
    {
      type: 'ForwardCitizenMessage',
      eventId: 'e1',
      message: { kind: 'picture', mediaUrl: 'https://x/p.jpg' },
      now: T1,
    },
    [
      {
        type: 'HandoffMessageFromCitizen',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: null,
          receivedEventId: 'e1',
          message: { kind: 'picture', mediaUrl: 'https://x/p.jpg' },
          receivedAt: T1,
        },
      },
    ],
  ],
  [
    'a redelivered citizen message is not forwarded twice',
    [
      queued,
      {
        type: 'HandoffMessageFromCitizen',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: null,
          receivedEventId: 'e1',
          message: { kind: 'text', text: 'hi' },
          receivedAt: T1,
        },
      },
    ],
    { type: 'ForwardCitizenMessage', eventId: 'e1', message: { kind: 'text', text: 'hi' }, now: T1 },
    [],
  ],
  [
    'nothing is forwarded into an ended session',
    [queued, ended],
    { type: 'ForwardCitizenMessage', eventId: 'e2', message: { kind: 'text', text: 'x' }, now: T2 },
    'closed',
  ],
  [
    'the assigned operator answers',
    [queued, assignedToAna],
    {
      type: 'SendOperatorMessage',
      operator: ana,
      messageId: '00000000-0000-4000-8000-000000000001',
      text: 'Hello',
      mayActForOthers: false,
      now: T2,
    },
    [
      {
        type: 'HandoffMessageFromOperator',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: ana.id,
          operatorName: 'Ana',
          messageId: '00000000-0000-4000-8000-000000000001',
          text: 'Hello',
          sentAt: T2,
        },
      },
    ],
  ],
  [
    'an operator answers only after claiming',
    [queued],
    {
      type: 'SendOperatorMessage',
      operator: ana,
      messageId: 'm',
      text: 'Hi',
      mayActForOthers: false,
      now: T1,
    },
    'not-assigned',
  ],
  [
    'another operator cannot answer in Ana’s session',
    [queued, assignedToAna],
    {
      type: 'SendOperatorMessage',
      operator: ivo,
      messageId: 'm',
      text: 'Hi',
      mayActForOthers: false,
      now: T2,
    },
    'taken',
  ],
  [
    'a transfer to a department puts the session back into that queue',
    [queued, assignedToAna],
    { type: 'TransferSession', by: ana, toDepartment: 'communal-police', toOperator: null, now: T2 },
    [
      {
        type: 'HandoffSessionTransferred',
        data: {
          sessionId: 's1',
          citizenId,
          fromDepartment: 'local-self-government',
          toDepartment: 'communal-police',
          fromOperatorId: ana.id,
          toOperatorId: null,
          by: ana.id,
          at: T2,
        },
      },
    ],
  ],
  [
    'a transfer to an operator assigns it to them',
    [queued, assignedToAna],
    { type: 'TransferSession', by: ana, toDepartment: 'local-self-government', toOperator: ivo, now: T2 },
    [
      {
        type: 'HandoffSessionTransferred',
        data: {
          sessionId: 's1',
          citizenId,
          fromDepartment: 'local-self-government',
          toDepartment: 'local-self-government',
          fromOperatorId: ana.id,
          toOperatorId: ivo.id,
          by: ana.id,
          at: T2,
        },
      },
      {
        type: 'HandoffSessionAssigned',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: ivo.id,
          operatorName: 'Ivo',
          assignedBy: 'transfer',
          queuedAt: T2,
          assignedAt: T2,
        },
      },
    ],
  ],
  [
    'a transfer to where it is already is refused',
    [queued, assignedToAna],
    { type: 'TransferSession', by: ana, toDepartment: 'local-self-government', toOperator: ana, now: T2 },
    'same-place',
  ],
  [
    'an open session ends',
    [queued, assignedToAna],
    { type: 'EndSession', endedBy: 'operator', resolution: 'explained', now: T2 },
    [ended],
  ],
  [
    'an ended session does not end again',
    [queued, ended],
    { type: 'EndSession', endedBy: 'timeout', now: T2 },
    'closed',
  ],
  [
    'an ended session is rated once, naming its operator',
    [queued, assignedToAna, ended],
    { type: 'RateSession', rating: 5, now: T2 },
    [
      {
        type: 'HandoffSessionRated',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: ana.id,
          rating: 5,
          ratedAt: T2,
        },
      },
    ],
  ],
  [
    'an open session is not rated',
    [queued, assignedToAna],
    { type: 'RateSession', rating: 4, now: T2 },
    'not-closed',
  ],
  [
    'a second rating is refused',
    [
      queued,
      assignedToAna,
      ended,
      {
        type: 'HandoffSessionRated',
        data: {
          sessionId: 's1',
          citizenId,
          department: 'local-self-government',
          operatorId: ana.id,
          rating: 5,
          ratedAt: T2,
        },
      },
    ],
    { type: 'RateSession', rating: 1, now: T2 },
    'already-rated',
  ],
];

describe('decideSession', () => {
  it.each(cases)('%s', (_name, history, command, expected) => {
    const state = given(...history);
    if (typeof expected === 'string') {
      let error: unknown;
      try {
        decideSession(command, state);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SessionRejected);
      expect((error as SessionRejected).reason).toBe(expected);
    } else {
      expect(decideSession(command, state)).toEqual(expected);
    }
  });
});

describe('evolveSession', () => {
  it('follows a session from queue to rating', () => {
    const waiting = given(queued);
    expect(waiting).toMatchObject({
      status: 'waiting',
      department: 'local-self-government',
      operatorId: null,
      queuedAt: T0,
    });
    const active = given(queued, assignedToAna);
    expect(active).toMatchObject({ status: 'active', operatorId: ana.id, assignedAt: T1 });
    const closed = given(queued, assignedToAna, ended);
    expect(closed).toMatchObject({
      status: 'closed',
      endedBy: 'operator',
      endedAt: T2,
      operatorId: ana.id,
      rating: null,
    });
  });

  it('records the first reply once and the idle clock at every message', () => {
    const reply = (at: string): SessionEvent => ({
      type: 'HandoffMessageFromOperator',
      data: {
        sessionId: 's1',
        citizenId,
        department: 'local-self-government',
        operatorId: ana.id,
        operatorName: 'Ana',
        messageId: '00000000-0000-4000-8000-000000000001',
        text: 'x',
        sentAt: at,
      },
    });
    const state = given(queued, assignedToAna, reply(T1), reply(T2));
    expect(state.firstReplyAt).toBe(T1);
    expect(state.lastActivityAt).toBe(T2);
  });

  it('a transfer to a department leaves the session waiting there without an operator', () => {
    const state = given(queued, assignedToAna, {
      type: 'HandoffSessionTransferred',
      data: {
        sessionId: 's1',
        citizenId,
        fromDepartment: 'local-self-government',
        toDepartment: 'communal-police',
        fromOperatorId: ana.id,
        toOperatorId: null,
        by: ana.id,
        at: T2,
      },
    });
    expect(state).toMatchObject({
      status: 'waiting',
      department: 'communal-police',
      operatorId: null,
      queuedAt: T2,
    });
  });
});

describe('SessionRejected', () => {
  it.each<[SessionRejected['reason'], SessionRejected['kind']]>([
    ['not-found', 'not-found'],
    ['other-department', 'forbidden'],
    ['taken', 'conflict'],
    ['closed', 'conflict'],
    ['already-rated', 'conflict'],
    ['same-place', 'invalid'],
    ['unknown-saved-reply', 'invalid'],
    ['not-an-operator', 'invalid'],
  ])('a %s refusal is of kind %s', (reason, kind) => {
    const e = new SessionRejected(reason, 'refused');
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ name: 'SessionRejected', reason, kind, message: 'refused' });
  });
});
