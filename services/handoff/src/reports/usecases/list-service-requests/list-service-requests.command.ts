/** Who asks: anyone (published reports only), or a department's key or staff (`all`: an admin). */
export type Open311Viewer = { kind: 'public' } | { kind: 'departments'; departments: string[] | 'all' };

/** The GeoReport v2 filters of GET requests.json, split into lists. */
export interface ListServiceRequestsCommand {
  viewer: Open311Viewer;
  /** The service's own address, for media links. */
  baseUrl: string;
  /** service_request_id: these requests, whatever the other filters say. */
  ids?: string[];
  /** service_code */
  categories?: string[];
  status?: 'open' | 'closed';
  /** start_date and end_date (ISO 8601) */
  start?: string;
  end?: string;
}
