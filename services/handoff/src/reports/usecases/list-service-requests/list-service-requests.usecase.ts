import { Injectable } from '@nestjs/common';
import { Open311Request, open311Status, toOpen311Request } from '../../open311.mapping';
import { ReportsRepository } from '../../reports.repository';
import { ListServiceRequestsCommand } from './list-service-requests.command';

const LIST_LIMIT = 1000;
const DEFAULT_WINDOW_DAYS = 90;

/** Open311 GeoReport v2 service requests: the reports as civic tools and city dashboards see them. */
@Injectable()
export class ListServiceRequests {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly now: () => Date,
  ) {}

  async execute(command: ListServiceRequestsCommand): Promise<Open311Request[]> {
    const categories = await this.repo.categories();
    if (command.ids) {
      const rows = await Promise.all(command.ids.map((id) => this.repo.find(id)));
      return rows.flatMap((r) => (r ? [toOpen311Request(r, categories)] : []));
    }
    // The specification's default window: the last 90 days, at most 1000 requests.
    const end = command.end ?? this.now().toISOString();
    const start = command.start ?? new Date(Date.parse(end) - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
    const { status } = command;
    const rows = await this.repo.list({
      ...(command.categories ? { category: command.categories } : {}),
      ...(status
        ? {
            status:
              status === 'open'
                ? ['received', 'in-progress']
                : ['resolved', 'not-our-responsibility', 'duplicate'],
          }
        : {}),
      from: start,
      to: end,
      limit: LIST_LIMIT,
    });
    return rows
      .filter((r) => !status || open311Status(r.status) === status)
      .map((r) => toOpen311Request(r, categories));
  }
}
