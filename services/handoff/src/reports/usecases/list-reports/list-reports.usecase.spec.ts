import { StaffClaims, StaffRole } from '@citizen-desk/auth';
import { ReportFilter, ReportsRepository } from '../../reports.repository';
import { ListReports } from './list-reports.usecase';

const staff = (roles: StaffRole[], departments: string[]): StaffClaims => ({
  sub: 's1',
  email: 's1@budva.me',
  name: 'S1',
  roles,
  departments,
});

/** The filter ListReports hands the repository for `department` asked by `who`. */
async function filterFor(who: StaffClaims, department?: string[]): Promise<ReportFilter> {
  const asked: ReportFilter[] = [];
  const repo = { list: async (filter: ReportFilter) => (asked.push(filter), []) };
  await new ListReports(repo as unknown as ReportsRepository).execute({
    filter: { limit: 50, ...(department ? { department } : {}) },
    staff: who,
  });
  return asked[0];
}

describe('ListReports', () => {
  it.each<[string, StaffClaims, string[] | undefined, string[] | undefined]>([
    ['an operator, their departments', staff(['operator'], ['tax', 'water']), undefined, ['tax', 'water']],
    ['an operator asking, the asked of theirs', staff(['operator'], ['tax']), ['tax', 'roads'], ['tax']],
    ['an admin, every department', staff(['admin'], []), undefined, undefined],
    ['an admin asking, the asked', staff(['admin'], []), ['roads'], ['roads']],
  ])('lists for %s', async (_, who, asked, departments) => {
    const filter = await filterFor(who, asked);
    expect(filter.departments).toEqual(departments);
    expect(filter.limit).toBe(50);
  });
});
