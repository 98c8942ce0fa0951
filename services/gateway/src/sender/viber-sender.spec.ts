import { laneOf, lanesOf } from './viber-sender';

const send = (id: string, citizenId: string) => ({ id, type: 'SendMessageToCitizen', data: { citizenId } });
const broadcast = (id: string) => ({ id, type: 'BroadcastToCitizens', data: { citizenIds: ['viber:a'] } });

describe('the order a batch of commands is sent in', () => {
  it('puts one citizen’s commands in one lane, in the order they came', () => {
    const batch = [send('1', 'viber:a'), send('2', 'viber:b'), send('3', 'viber:a'), broadcast('4')];
    expect(lanesOf(batch, laneOf).map((lane) => lane.map((c) => c.id))).toEqual([['1', '3'], ['2'], ['4']]);
  });

  it('gives every broadcast a lane of its own', () => {
    expect(laneOf(broadcast('x'))).toBe('x');
    expect(laneOf(broadcast('y'))).not.toBe(laneOf(broadcast('x')));
  });
});
