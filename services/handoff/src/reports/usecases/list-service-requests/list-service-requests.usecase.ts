import { Injectable } from '@nestjs/common';
import { Open311Request, open311Status, toOpen311Request } from '../../open311.mapping';
import { ReportFilter, ReportRow, ReportsRepository } from '../../reports.repository';
import { ListServiceRequestsCommand, Open311Viewer } from './list-service-requests.command';

/** service_request_id takes this many ids at most, answered by one query. */
export const MAX_SERVICE_REQUEST_IDS = 50;

/** What the viewer may see, as a filter: published reports, or their departments' (all of them for an admin). */
export function viewerFilter(viewer: Open311Viewer): Pick<ReportFilter, 'publicOnly' | 'departments'> {
  if (viewer.kind === 'public') return { publicOnly: true };
  return viewer.departments === 'all' ? {} : { departments: viewer.departments };
}

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
    const seen = viewerFilter(command.viewer);
    const view = command.viewer.kind === 'public' ? 'public' : 'full';
    const toRequest = (r: ReportRow) => toOpen311Request(r, categories, view, command.baseUrl);
    if (command.ids) {
      const ids = [...new Set(command.ids)];
      if (ids.length > MAX_SERVICE_REQUEST_IDS)
        throw new RangeError(`service_request_id takes ${MAX_SERVICE_REQUEST_IDS} ids at most`);
      const rows = await this.repo.list({ ...seen, references: ids, limit: MAX_SERVICE_REQUEST_IDS });
      return rows.map(toRequest);
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
      ...seen,
      from: start,
      to: end,
      limit: LIST_LIMIT,
    });
    return rows.filter((r) => !status || open311Status(r.status) === status).map(toRequest);
  }
}
