/**
 * What kind of refusal a domain error is. Services say *why* a command was refused; the HTTP layer
 * (service-kit's DomainErrorFilter) is the one place that turns the kind into a status code.
 */
export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'too-many';

/**
 * Base of every refusal a service's domain gives: `<Aggregate>Rejected` by name (SessionRejected,
 * ReportRejected, CampaignRejected …), with a machine-readable `reason` that API clients may branch on.
 * It lives here, free of any framework, so that pure decide functions can throw it.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly reason: string,
    message: string,
    /** Facts a client can act on beyond the reason (what still refers to a thing, which fields are wrong). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The HTTP status for each kind: the one mapping every service shares. */
export const HTTP_STATUS_OF_DOMAIN_ERROR: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
};
