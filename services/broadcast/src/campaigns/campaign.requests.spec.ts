import { editCampaignRequest, listCampaignsQuery, requestedSendTime } from './campaign.requests';

const TZ = 'Europe/Podgorica';

describe('requestedSendTime', () => {
  it('reads a wall time in the municipality’s zone and keeps an instant as the same instant', () => {
    expect(requestedSendTime({ sendAtLocal: '2026-12-01T09:30' }, TZ)).toEqual({
      ok: true,
      sendAt: '2026-12-01T08:30:00.000Z',
    });
    expect(requestedSendTime({ sendAt: '2026-12-01T09:30:00+01:00' }, TZ)).toEqual({
      ok: true,
      sendAt: '2026-12-01T08:30:00.000Z',
    });
  });

  it('tells "no time named" from "no time any more"', () => {
    expect(requestedSendTime({}, TZ)).toEqual({ ok: true, sendAt: undefined });
    expect(requestedSendTime({ sendAt: null }, TZ)).toEqual({ ok: true, sendAt: null });
  });

  it('refuses a wall time the clocks skip, and both forms at once', () => {
    expect(requestedSendTime({ sendAtLocal: '2026-03-29T02:30' }, TZ)).toMatchObject({ ok: false });
    expect(
      requestedSendTime({ sendAt: '2026-12-01T08:30:00Z', sendAtLocal: '2026-12-01T09:30' }, TZ),
    ).toMatchObject({ ok: false });
  });
});

describe('request shapes', () => {
  it('lists by several statuses and pages with defaults', () => {
    expect(listCampaignsQuery.parse({ status: 'submitted, scheduled' })).toEqual({
      status: ['submitted', 'scheduled'],
      limit: 50,
      offset: 0,
    });
    expect(listCampaignsQuery.safeParse({ status: 'sent' }).success).toBe(false);
    expect(listCampaignsQuery.safeParse({ limit: '500' }).success).toBe(false);
  });

  it('refuses an edit that changes nothing or names an unknown field', () => {
    expect(editCampaignRequest.safeParse({}).success).toBe(false);
    expect(editCampaignRequest.safeParse({ author: 'me' }).success).toBe(false);
    expect(editCampaignRequest.safeParse({ title: 'Voda' }).success).toBe(true);
  });
});
