import { Injectable } from '@nestjs/common';
import { ReportRow, ReportsRepository } from '../../reports.repository';
import { ListReportsCommand } from './list-reports.command';

/** Staff see their departments' reports; an admin sees all. */
@Injectable()
export class ListReports {
  constructor(private readonly repo: ReportsRepository) {}

  async execute({ filter, staff }: ListReportsCommand): Promise<ReportRow[]> {
    const own = staff.roles.includes('admin') ? undefined : staff.departments;
    const asked = filter.department;
    const departments = asked ? (own ? asked.filter((d) => own.includes(d)) : asked) : own;
    return this.repo.list({ ...filter, ...(departments ? { departments } : {}) });
  }
}
