import { cpuByLabel, cpuMsFromStat, parseTcpTable } from './process-cpu';

describe('process CPU from /proc', () => {
  it('reads utime + stime, also when the command name holds spaces and parentheses', () => {
    const stat = '9190 (post gres) x) S 1 9190 9190 0 -1 4194304 52011 2737988 0 0 18 174 4952 2397 20 0 1 0';
    expect(cpuMsFromStat(stat)).toBe(1920);
  });

  it('reads ports and inodes of /proc/net/tcp', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:B5E3 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 78150 1 0 100 0 0 10 0',
    ].join('\n');
    expect(parseTcpTable(table)).toEqual([{ localPort: 0xb5e3, remotePort: 5432, inode: '78150' }]);
  });

  it('sums deltas per label, counting a process born during the phase from zero', () => {
    const tracked = [
      { label: 'postgres', pid: 1 },
      { label: 'postgres', pid: 2 },
      { label: 'gateway', pid: 3 },
    ];
    const before = new Map([
      [1, 100],
      [3, 50],
    ]);
    const after = new Map([
      [1, 130],
      [2, 20],
      [3, 80],
    ]);
    expect(Object.fromEntries(cpuByLabel(tracked, before, after))).toEqual({ postgres: 50, gateway: 30 });
  });
});
