import { makeEnvelope } from '@citizen-desk/contracts';
import { isVisibleTo } from './live-feed';

const ana = { sub: 'op-ana', roles: ['operator' as const], departments: ['local-self-government'] };
const event = (data: object) =>
  makeEnvelope({ type: 'HandoffSessionTransferred', version: 1, streamId: 's', data });

describe('isVisibleTo', () => {
  it('shows an operator the events of their departments and of their own sessions only', () => {
    expect(isVisibleTo(ana, event({ department: 'local-self-government' }))).toBe(true);
    expect(isVisibleTo(ana, event({ department: 'communal-police' }))).toBe(false);
    expect(
      isVisibleTo(ana, event({ fromDepartment: 'communal-police', toDepartment: 'local-self-government' })),
    ).toBe(true);
    expect(isVisibleTo(ana, event({ department: 'communal-police', toOperatorId: 'op-ana' }))).toBe(true);
  });
  it('shows an admin everything', () => {
    expect(
      isVisibleTo({ sub: 'a', roles: ['admin'], departments: [] }, event({ department: 'communal-police' })),
    ).toBe(true);
  });
});
