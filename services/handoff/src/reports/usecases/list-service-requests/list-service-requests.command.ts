/** The GeoReport v2 filters of GET requests.json, split into lists. */
export interface ListServiceRequestsCommand {
  /** service_request_id: these requests, whatever the other filters say. */
  ids?: string[];
  /** service_code */
  categories?: string[];
  status?: 'open' | 'closed';
  /** start_date and end_date (ISO 8601) */
  start?: string;
  end?: string;
}
